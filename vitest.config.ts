import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'],
    // Builds the bundled Rust targets once; end-to-end tests run the compiled CLI against them.
    globalSetup: ['harness/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 900_000,
    maxWorkers: 2,
  },
});
