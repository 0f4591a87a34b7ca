// Names the covenant does not know are validation errors with a clear message, never a silent deny.
import { describe, expect, it } from 'vitest';
import { decideSharing, loadCovenant, SharingRequestInvalid, type SharingRequest } from '../src/index';
import { request } from './requests';

const covenant = loadCovenant('cter-2023');
const valid = request({ from: 'police', to: 'municipality', category: 'identity', purpose: 'weighing', stage: 'weighing' });

function refusal(changed: Partial<SharingRequest> | Record<string, unknown>): SharingRequestInvalid {
  try {
    decideSharing(covenant, { ...valid, ...changed } as SharingRequest);
  } catch (error) {
    if (error instanceof SharingRequestInvalid) return error;
    throw error;
  }
  throw new Error('expected SharingRequestInvalid');
}

describe('sharing request validation', () => {
  it('refuses a purpose the covenant does not list', () => {
    const error = refusal({ purpose: 'marketing' });
    expect(error.status).toBe(422);
    expect(error.details).toEqual([{ path: 'purpose', message: expect.stringMatching(/^unknown purpose "marketing"; cter-2023 lists weighing, case-consultation/) }]);
  });

  it('refuses an unknown data category', () => {
    expect(refusal({ categories: ['identity', 'financial'] }).details).toEqual([{ path: 'categories.1', message: expect.stringContaining('unknown data category "financial"') }]);
  });

  it('refuses an unknown stage and a final case state', () => {
    expect(refusal({ stage: 'triage' }).details[0]?.path).toBe('stage');
    expect(refusal({ stage: 'closed' }).message).toContain('"closed" is neither a process stage of cter-2023');
  });

  it('refuses an unknown organisation type for sender and recipients', () => {
    const error = refusal({
      sender: { organisationId: 'sportclub-1', type: 'sports-club' },
      recipients: [{ organisationId: 'x', type: 'bank', invited: false }],
    });
    expect(error.details.map((d) => d.path)).toEqual(['sender.type', 'recipients.0.type']);
    expect(error.message).toContain('unknown organisation type "sports-club"');
  });

  it('refuses a malformed basis, empty lists, duplicates and self-disclosure', () => {
    expect(refusal({ basis: { kind: 'hunch' } }).details[0]?.path).toBe('basis.kind');
    expect(refusal({ basis: { kind: 'consent', consentId: 'c-1', state: 'pending' } }).details[0]?.path).toBe('basis.state');
    expect(refusal({ recipients: [] }).details[0]?.path).toBe('recipients');
    expect(refusal({ categories: ['identity', 'identity'] }).details[0]?.message).toContain('listed twice');
    expect(refusal({ recipients: [{ organisationId: 'politie', type: 'police', invited: false }] }).details[0]?.message).toContain('its own recipient');
  });

  it('reports every problem at once', () => {
    expect(refusal({ purpose: 'marketing', categories: ['financial'], stage: 'triage' }).details).toHaveLength(3);
  });
});
