// The route registry (registry.ts) and its entries, one constant per route (cases.ts, workflow.ts,
// covenant.ts, measures.ts): import an entry by name to bundle only that route.
export * from './route-entry';
export * from './validation';
export * from './registry';
export * from './cases';
export * from './workflow';
export * from './covenant';
export * from './measures';
