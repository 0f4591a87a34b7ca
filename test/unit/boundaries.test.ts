// The boundary rules (.dependency-cruiser.cjs, run on the tree by `npm run check:boundaries`) refuse
// what they name: run on a fixture tree with one violation of each kind and the allowed imports beside
// them, they report exactly the violations.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, '../fixtures/boundaries');
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;

describe('the boundary check', () => {
  it('refuses a service importing another service, the twin or infra, a package importing the twin or a service, and an import circle', async () => {
    const result = await cruise(['services', 'packages', 'infra'], { baseDir: fixture, validate: true, ruleSet: { forbidden: config.forbidden ?? [] }, tsPreCompilationDeps: true }, { extensions: ['.ts'] });
    if (typeof result.output === 'string') throw new Error('expected the cruise result as an object');
    const violations = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(violations).toEqual([
      // The value circle is refused (reported once, at its first edge); the type-only circle beside it is not.
      'no-circular: packages/twin/src/circle-a.ts -> packages/twin/src/circle-b.ts',
      'package-imports-service-or-infra: packages/domain/src/contract.ts -> infra/lib/stack.ts',
      'package-imports-service-or-infra: packages/store/src/store.ts -> services/beta/domain/b.ts',
      'package-imports-twin: packages/store/src/store.ts -> packages/twin/src/index.ts',
      'runtime-imports-twin-or-infra: packages/domain/src/contract.ts -> infra/lib/stack.ts',
      'runtime-imports-twin-or-infra: services/alpha/handlers/handler.ts -> infra/lib/stack.ts',
      'runtime-imports-twin-or-infra: services/alpha/handlers/handler.ts -> packages/twin/src/index.ts',
      'service-imports-service: services/alpha/handlers/handler.ts -> services/beta/domain/b.ts',
    ]);
  });
});
