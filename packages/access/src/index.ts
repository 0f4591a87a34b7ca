export * from './caller';
export * from './authorize';
