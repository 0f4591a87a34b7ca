// Request shapes of the measures API (paths, queries, bodies) in zod/mini, built from the domain's
// own schemas, so a handler's bundle carries one zod. One small file per request shape, so a handler
// bundles only the shapes it uses (the package is free of side effects).
export * from './contract/paths';
export * from './contract/plan';
export * from './contract/plan-query';
export * from './contract/note';
export * from './contract/session';
export * from './contract/mentor-match';
export * from './contract/mentor-pool';
export * from './contract/reference';
export * from './contract/measure-command';
