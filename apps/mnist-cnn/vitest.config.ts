import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The training test runs the real CNN on the CPU for about a minute.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
