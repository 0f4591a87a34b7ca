// What every function needs of the registry ('@cter/routes/contract'): the contract's types and the
// validators' run time. A function imports its route from its service's file ('@cter/routes/cases',
// ...), not the registry: the registry reaches every route's generated validators, and each dynamic
// import of a route's schemas makes esbuild wrap the modules it reaches, in every bundle that sees it.
export * from './route-entry';
export * from './validation';
