// The cases table as every service shares it: the case and task records and the case's lifecycle,
// the key schema and item builders of what lives beside a case, the repository that writes a case
// with its history and audit record in one transaction, and the one audit entry builder.
export * from './case';
export * from './case-advice';
export * from './case-repository';
export * from './task-record';
export * from './audit-entry';
export * from './covenant-items';
export * from './plan-items';
export * from './plan-writes';
export * from './plan-adoption';
export * from './evaluation-due';
export * from './cases-during';
