// Cedar skips a policy whose evaluation errors (a forbid that errors no longer forbids), so an
// evaluation error must surface as a fault, not as an allow or a quiet deny.
import { describe, expect, it } from 'vitest';
import { CovenantEvaluationFailed, decideSharing, publishCovenant } from '../src/index';
import { readShippedSources } from '../covenants/generate';
import { request } from './requests';

describe('policies that fail to evaluate', () => {
  it('raise CovenantEvaluationFailed instead of deciding', () => {
    const source = readShippedSources().versions.find((v) => v.directory === 'cter-2023');
    // Type-correct, so the validator accepts it, but the Long addition overflows at evaluation.
    const overflowing = [
      '@id("overflowing-forbid")',
      '@article("17(1)")',
      '@reason("overflows at evaluation")',
      'forbid (principal, action == Cter::Action::"share", resource)',
      'when { resource.recipientInvited && 9223372036854775807 + 1 > 0 };',
    ].join('\n');
    const covenant = publishCovenant({
      covenant: { ...(source?.covenant as Record<string, unknown>), id: 'cter-overflow', effectiveFrom: '2030-01-01' },
      policies: `${source?.policies}\n${overflowing}\n`,
    });
    const invitedCare = request({ from: 'police', to: 'mental-health-care', invited: true, category: 'identity', purpose: 'case-consultation', stage: 'consultation' });
    expect(() => decideSharing(covenant, invitedCare)).toThrow(CovenantEvaluationFailed);
    expect(() => decideSharing(covenant, invitedCare)).toThrow(/overflowing-forbid: .*overflow/);
    // The same version decides normally where the faulty condition is not reached.
    const notInvited = request({ from: 'police', to: 'municipality', category: 'identity', purpose: 'case-consultation', stage: 'consultation' });
    expect(decideSharing(covenant, notInvited).decision).toBe('allow');
  });
});
