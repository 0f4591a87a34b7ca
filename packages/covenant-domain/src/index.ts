// The covenant domain: published CTER covenant versions (data + Cedar policies) and sharing
// decisions under them. Pure logic, no AWS; safe to call from a Lambda handler.
export { loadCovenant, allCovenants, shippedCovenants } from './shipped';
export { publishCovenant } from './publish';
export { covenantInForce, effectiveInstant } from './in-force';
export { decideSharing } from './decide';
export { SharingRequest } from './sharing-request';
export { cedarEngineStats } from './cedar-runtime';
export { CovenantEvaluationFailed, CovenantInvalid, NoCovenantInForce, SharingRefused, SharingRequestInvalid, UnknownCovenantVersion } from './errors';
export { covenantVersionAt, retentionDeadline, addMonths, adviceRequestDeleteAfter, type CovenantVersionFacts } from './versions';
export { parseLawDates } from './law-dates';
export * from './disclosure';
export * from './consent';
export * from './retention';
export * from './vocabulary';
export * from './handover';
export * from './handover-set';
