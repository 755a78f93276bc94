import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The training tests run small models on the CPU for tens of seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
