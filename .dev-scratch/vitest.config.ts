import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    root: '/work/main',
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'dev', include: ['test/e2e/fuzz.test.ts', 'test/reliability/**/*.test.ts'], globalSetup: ['.dev-scratch/global-setup.ts'] } },
    ],
  },
});
