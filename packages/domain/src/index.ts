export * from './errors';
export * from './bsn';
export * from './case-lifecycle';
export * from './schemas';
