// Boundaries of the tree, checked by `npm run check:boundaries` (part of `npm test`): a service
// imports packages only, never another service; nothing a function bundles imports the twin or the
// CDK app; packages import neither services nor infra; no import circles. test/unit/boundaries.test.ts shows each rule
// refusing a violation.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'service-imports-service',
      comment: 'A service imports only packages/*: what services share lives in a package (case-store, covenant-domain, measures-domain, ...).',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'runtime-imports-twin-or-infra',
      comment: 'Services and the API contract run in Lambda: they never import the local twin or the CDK app.',
      severity: 'error',
      from: { path: '^(services|packages/domain)/' },
      to: { path: '^(packages/twin|infra)/' },
    },
    {
      name: 'package-imports-twin',
      comment: 'Only the twin, and tests (a package test may check against the twin as a real part), import the twin.',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/(twin/|[^/]+/test/)' },
      to: { path: '^packages/twin/' },
    },
    {
      name: 'package-imports-service-or-infra',
      comment: 'Packages are what services build on: they import no service and not the CDK app.',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/twin/' },
      to: { path: '^(services|infra)/' },
    },
    {
      name: 'unresolvable-import',
      comment: 'Services export nothing: an import of a service by package name (@cter/cases) resolves to nothing and is refused here as well as by tsc.',
      severity: 'error',
      from: { path: '^(services|packages)/' },
      to: { couldNotResolve: true, path: '^@cter/' },
    },
    {
      name: 'no-circular',
      comment: 'No import circles in services, packages or infra (type-only imports aside: they vanish at compile time).',
      severity: 'error',
      from: { path: '^(services|packages|infra)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|\\.twin)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
