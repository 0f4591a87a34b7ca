export * from './regions';
export * from './organisations';
export * from './organisation-groups';
export * from './workflow';
export * from './observability';
export * from './covenant-law-dates';
export * from './environment';
