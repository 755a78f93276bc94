import type { ViteUserConfig } from 'vitest/config';

/**
 * The test settings every package shares. Timeouts are generous on purpose: speed is measured by
 * benchmarks (bench/), never by tests, and CI runs many packages' tests at once on two cores.
 */
export const sharedTestConfig: NonNullable<ViteUserConfig['test']> = {
  include: ['src/**/*.test.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};
