// Entry point bundled by bundle.test.ts: what a Lambda handler on a cold start does with the
// covenant domain (pick the version in force, make one decision), timed from process start.
import { allCovenants, cedarEngineStats, covenantInForce, decideSharing } from '../src/index';

const moduleReadyMs = performance.now(); // performance.now() counts from process start
const covenant = covenantInForce(new Date('2024-05-01T10:00:00Z'), allCovenants());
const versionsReadyMs = performance.now();
const decision = decideSharing(covenant, {
  sender: { organisationId: 'politie', type: 'police' },
  recipients: [{ organisationId: 'ggz', type: 'mental-health-care', invited: true }],
  categories: ['criminal-data'],
  purpose: 'case-consultation',
  stage: 'consultation',
  basis: { kind: 'legal-basis', reference: 'wpg-20' },
});
const firstDecisionMs = performance.now();
console.log(
  JSON.stringify({
    covenantVersion: decision.covenantVersion,
    decision: decision.decision,
    articles: decision.outcomes[0]?.articles,
    moduleReadyMs,
    versionsReadyMs,
    firstDecisionMs,
    engineInitMs: cedarEngineStats()?.initMs,
    wasmSource: cedarEngineStats()?.source,
  }),
);
