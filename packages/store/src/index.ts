export * from './client';
export * from './errors';
export * from './cursor';
export * from './audit';
export * from './subject-index';
export * from './query-all';
export * from './task-items';
