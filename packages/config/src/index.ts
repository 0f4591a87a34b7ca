export * from './regions';
export * from './organisations';
export * from './capabilities';
export * from './workflow';
export * from './observability';
export * from './covenant-law-dates';
