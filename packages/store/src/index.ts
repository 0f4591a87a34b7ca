export * from './client';
export * from './errors';
export * from './cursor';
export * from './audit';
export * from './subject-index';
