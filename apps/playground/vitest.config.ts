import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.ts';

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    // The end-to-end test trains on gpu.js over SwiftShader, about a minute on an idle 2-core
    // machine: leave room for a busy one.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
