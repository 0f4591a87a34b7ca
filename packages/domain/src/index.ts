export * from './errors';
export * from './bsn';
export * from './case-lifecycle';
export * from './schemas';
export * from './covenant-schemas';
export * from './responses';
export * from './correlation';
export * from './advice-schemas';
