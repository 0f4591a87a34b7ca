// The measures catalogue in one import: its words, factors and schema, the published versions and
// how to look a measure up. Code that must start without zod imports the schema-free modules
// (published.ts, target-groups.ts, factors.ts, ids.ts) directly: this index reaches every schema.
export * from './vocabulary';
export * from './factors';
export { ProtectiveFactor, RiskFactor } from './factor-schemas';
export * from './schema';
export * from './ids';
export * from './published';
