export * from './route';
export * from './errors';
export * from './logger';
export * from './correlation';
export * from './observability';
export * from './redaction';
export * from './stream-batch';
