/**
 * @glia/backend-conformance: the backend contract as a test suite. A backend package calls
 * `runConformance` from one of its vitest test files; the suite checks every op against float64
 * references, edge cases, error messages and memory accounting.
 *
 * ```ts
 * import { runConformance } from '@glia/backend-conformance';
 * import { MyBackend } from './my-backend';
 *
 * runConformance({ name: 'my-backend', factory: () => new MyBackend() });
 * ```
 * @packageDocumentation
 */
import {
  type BackendFactory,
  getBackendName,
  registerBackend,
  removeBackend,
  resetFallbackCounts,
  setBackend,
} from '@glia/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Tolerance } from './assert';
import { defineActivationGradientCases } from './cases/activation-gradients';
import { defineBinaryCases } from './cases/binary';
import { defineCreationCases } from './cases/creation';
import { defineDTypePromotionCases } from './cases/dtype-promotion';
import { defineErrorCases } from './cases/errors';
import { defineFusedCases } from './cases/fused';
import { defineGradientCases } from './cases/gradients';
import { defineLinalgCases } from './cases/linalg';
import { defineMemoryCases } from './cases/memory';
import { defineMovementCases } from './cases/movement';
import { defineNnCases } from './cases/nn';
import { defineOptimizerCases } from './cases/optimizers';
import { definePropertyCases } from './cases/properties';
import { defineReductionCases } from './cases/reductions';
import { defineUnaryCases } from './cases/unary';
import { createHarness, type ToleranceFamily } from './harness';

export type { Tolerance } from './assert';
export {
  type HostileCase,
  INDEX_DTYPE_CASES,
  OPTION_CASES,
  SIZE_LIMIT_CASES,
} from './cases/hostile-arguments';
export type { ToleranceFamily } from './harness';
export { DEFAULT_TOLERANCES } from './harness';

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** The backend's name: the suite is titled after it and registers the factory under it. */
  name: string;
  /** Creates the backend under test (may be async). */
  factory: BackendFactory;
  /**
   * Tolerance overrides per op family, merged over `DEFAULT_TOLERANCES`: 'elementwise'
   * (add, mul, ...: 1e-5 relative + 1e-5 absolute), 'transcendental' (exp, log, tanh, erf, ...),
   * 'reduction' (sum, mean, softmax, ...), 'linalg' (matMul, dot) and 'conv' (conv2d, pooling,
   * batchNorm). Integer and bool results are always compared exactly.
   */
  tolerance?: Partial<Record<ToleranceFamily, Partial<Tolerance>>>;
  /**
   * Case-name prefixes to skip, for known gaps of the backend. A case's name is its family, its
   * groups and its title joined by '/', e.g. `'binary/pow'` or `'nn/conv2d/same padding'`.
   * Skipped cases are listed in the output, and a prefix that matches no case fails the suite
   * (so the list cannot go stale).
   */
  skip?: string[];
  /**
   * Whether any kernel running on the CPU fallback fails the case (default true). Set it to false
   * for a backend that deliberately relies on the fallback for some kernels.
   */
  expectNoFallbacks?: boolean;
}

let runs = 0;

function registryNameFor(name: string, factory: BackendFactory): string {
  if (registerBackend(name, factory)) return name;
  for (let i = 1; ; i++) {
    const candidate = `${name}:conformance-${i}`;
    if (registerBackend(candidate, factory)) return candidate;
  }
}

/**
 * Defines the conformance suite for one backend in the calling vitest file. It registers the
 * backend (under `name`, or a unique variant when `name` is taken, e.g. by the backend's own
 * self-registration), activates it in `beforeAll`, runs every case family, and restores the
 * previously active backend afterwards.
 *
 * ```ts
 * runConformance({
 *   name: 'webgpu',
 *   factory: async () => WebGpuBackend.create(),
 *   tolerance: { transcendental: { rtol: 1e-3 } },
 *   skip: ['nn/conv2dTranspose'],
 * });
 * ```
 */
export function runConformance(options: ConformanceOptions): void {
  const harness = createHarness({
    name: options.name,
    tolerance: options.tolerance ?? {},
    skip: options.skip ?? [],
    expectNoFallbacks: options.expectNoFallbacks ?? true,
  });
  runs++;
  describe(`conformance: ${options.name}${runs > 1 ? ` (${runs})` : ''}`, () => {
    let registryName = '';
    let previous: string | undefined;
    beforeAll(async () => {
      previous = getBackendName();
      registryName = registryNameFor(options.name, options.factory);
      await setBackend(registryName);
    });
    afterAll(async () => {
      if (harness.skipped.length > 0) {
        console.info(
          `conformance(${options.name}): ${harness.skipped.length} case(s) skipped as known gaps:\n  ${harness.skipped.join('\n  ')}`,
        );
      }
      if (previous !== undefined) await setBackend(previous);
      removeBackend(registryName);
    });
    beforeEach(() => {
      resetFallbackCounts();
    });

    defineUnaryCases(harness);
    defineBinaryCases(harness);
    defineReductionCases(harness);
    defineMovementCases(harness);
    defineLinalgCases(harness);
    defineNnCases(harness);
    defineFusedCases(harness);
    defineOptimizerCases(harness);
    defineActivationGradientCases(harness);
    defineCreationCases(harness);
    defineDTypePromotionCases(harness);
    defineErrorCases(harness);
    defineMemoryCases(harness);
    definePropertyCases(harness);
    defineGradientCases(harness);

    it('skip list: every prefix matches a case', () => {
      expect(harness.unusedSkips(), 'skip prefixes that match no case (stale or misspelt)').toEqual(
        [],
      );
    });
  });
}
