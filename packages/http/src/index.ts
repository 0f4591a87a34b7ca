export * from './route';
export * from './errors';
export * from './logger';
