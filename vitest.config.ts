import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts'] },
      },
      {
        // Handlers (with built API Gateway events) and repositories against DynamoDB Local alone:
        // no synth, no twin (test/integration/support/global-setup.ts).
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], globalSetup: ['test/integration/support/global-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'test/infra/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'] },
      },
      {
        // `npm run test:reliability` (not in `npm test`): the fuzz at 1,000 runs per route, concurrency,
        // faults, a 60 s load run and 100,000 seeded cases; files one at a time, so the load and scale
        // figures are not measured against the other files' work (docs/reliability.md).
        extends: true,
        test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'], fileParallelism: false },
      },
    ],
  },
});
