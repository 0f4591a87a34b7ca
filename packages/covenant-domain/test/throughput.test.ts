// How fast decisions are once a version is compiled: Cedar per (recipient x category) pair, and
// whole requests when the memo answers repeated facts. Logs the rates; asserts only a floor.
import { describe, expect, it } from 'vitest';
import { decideSharing, loadCovenant, type SharingRequest } from '../src/index';

const covenant = loadCovenant('cter-2023');
const consultation: SharingRequest = {
  sender: { organisationId: 'politie', type: 'police' },
  recipients: [
    { organisationId: 'gemeente-haarlem', type: 'municipality', invited: false },
    { organisationId: 'ggz', type: 'mental-health-care', invited: true },
    { organisationId: 'one-on-one', type: 'mentoring', invited: true },
  ],
  categories: ['identity', 'police-information', 'criminal-data', 'special-religion'],
  purpose: 'case-consultation',
  stage: 'consultation',
  basis: { kind: 'legal-basis', reference: 'wpg-20' },
};
const PAIRS = consultation.recipients.length * consultation.categories.length;

function rate(iterations: number, body: () => void): number {
  // Warm up first: V8 compiles the wasm lazily and tiers hot functions up over the first calls.
  for (let i = 0; i < iterations; i++) body();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) body();
  return iterations / ((performance.now() - started) / 1000);
}

describe('decision throughput', () => {
  it('decides with the compiled policy set, with and without the memo', () => {
    const engineDecisions = rate(100, () => decideSharing(covenant, consultation, { memoize: false }));
    const memoDecisions = rate(5_000, () => decideSharing(covenant, consultation));
    console.log(
      `covenant throughput: ${JSON.stringify({
        pairsPerRequest: PAIRS,
        cedarPairsPerSecond: Math.round(engineDecisions * PAIRS),
        requestsPerSecondUncached: Math.round(engineDecisions),
        requestsPerSecondMemoised: Math.round(memoDecisions),
      })}`,
    );
    expect(engineDecisions * PAIRS).toBeGreaterThan(100);
    expect(memoDecisions).toBeGreaterThan(engineDecisions);
  });
});
