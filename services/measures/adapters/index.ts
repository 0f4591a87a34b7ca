// What other services use of the measures adapters: the workflow adopts (or, adjusting, reopens) a plan with a decision and
// schedules evaluations after the adopted plan's target groups.
export { decisionAdoptsPlan, decisionReopensPlan, planAdoptionItems, planReopeningItems } from './plan-adoption';
export { nextEvaluationDue } from './evaluation-due';
export type { TransactItem } from './items';
