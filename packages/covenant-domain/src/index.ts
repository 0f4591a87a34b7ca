// The covenant domain: published CTER covenant versions (data + Cedar policies) and sharing
// decisions under them. Pure logic, no AWS; safe to call from a Lambda handler.
export { loadCovenant, allCovenants, shippedCovenants } from './shipped';
export { publishCovenant, type CovenantVersion, type PublishedCovenant } from './publish';
export { covenantInForce, effectiveInstant } from './in-force';
export { decideSharing, type DecideOptions, type PolicyCitation, type SharingDecision, type SharingOutcome } from './decide';
export { SharingRequest, type CheckedSharingRequest, type Recipient } from './sharing-request';
export { CovenantDocument, articleText } from './covenant-document';
export type { CovenantPolicy } from './policy-check';
export { cedarEngineStats, CEDAR_WASM_FILE } from './cedar-runtime';
export { CovenantEvaluationFailed, CovenantInvalid, NoCovenantInForce, SharingRefused, SharingRequestInvalid, UnknownCovenantVersion } from './errors';
export { covenantVersionAt, retentionDeadline, addMonths, adviceRequestDeleteAfter, type CovenantVersionFacts, type RetentionDeadline, type RetentionRule } from './versions';
export { datedVersions, parseLawDates, LAW_DATES, type LawDates } from './law-dates';
export * from './disclosure';
export * from './consent';
export * from './retention';
export * from './vocabulary';
export * from './handover';
export * from './handover-set';
