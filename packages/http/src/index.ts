export * from './route';
export * from './errors';
export * from './logger';
export * from './correlation';
export * from './metrics';
export * from './observability';
export * from './redaction';
