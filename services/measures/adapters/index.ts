// What other services use of the measures adapters: the workflow adopts (or, adjusting, reopens) a plan with a decision and
// schedules evaluations after the adopted plan's target groups.
export { decisionAdoptsPlan, decisionReopensPlan, planAdoptionItems, planReopeningItems } from '@cter/case-store';
export { nextEvaluationDue } from '@cter/case-store';
export type { TransactItem } from '@cter/case-store';
