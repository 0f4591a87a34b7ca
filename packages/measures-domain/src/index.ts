// The measures domain in one import: catalogue, plans, measure lifecycle and views, fitting,
// ONE-on-ONE, evaluation schedule and export. Pure logic; handlers and adapters build on this.
export * from '../catalogue/index';
export * from './references';
export * from './action-context';
export * from './target-group';
export * from './target-fit';
export * from './positive-phrasing';
export * from './plan-schema';
export * from './plan-diff';
export * from './plan';
export * from './measure-ids';
export * from './measure';
export * from './measure-lifecycle';
export * from './progress-notes';
export * from './measure-view';
export * from './fitting';
export * from './mentors';
export * from './mentor-assignment';
export * from './mentor-access';
export * from './sessions';
export * from './events';
export * from './evaluation-schedule';
export * from './evaluation-export';
// Shared with the process evaluation (services/workflow): one suppression rule, one CSV dialect.
export { csvField, mean, median, MIN_CELL_PERSONS, toCsv } from '@cter/domain';
export * from './export-render';
export * from './plan-view';
export * from './api-contract';
