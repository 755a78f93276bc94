/**
 * The glue between the cases and vitest: case registration with skips, fallback and leak checks,
 * and tolerances per op family.
 */
import { getBackend, getFallbackCounts, memory, tidy } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleDeferredChecks, type Tolerance } from './assert';

/** Op families with their own default tolerance. */
export type ToleranceFamily = 'elementwise' | 'transcendental' | 'reduction' | 'linalg' | 'conv';

/** Default tolerances, for float32 computed against float64 references. */
export const DEFAULT_TOLERANCES: Readonly<Record<ToleranceFamily, Tolerance>> = {
  elementwise: { rtol: 1e-5, atol: 1e-5 },
  transcendental: { rtol: 1e-4, atol: 1e-5 },
  reduction: { rtol: 1e-4, atol: 1e-4 },
  linalg: { rtol: 1e-4, atol: 1e-4 },
  conv: { rtol: 1e-4, atol: 1e-3 },
};

/** What a case file gets to define its cases. */
export interface Harness {
  /** The name given to `runConformance`. */
  readonly name: string;
  /** The tolerance for an op family, after overrides. */
  tol(family: ToleranceFamily): Tolerance;
  /**
   * A describe block for one case family. It records numTensors and the backend's own bytes before
   * and checks them after its last case.
   */
  family(name: string, define: () => void): void;
  /** A group of cases inside a family (no checks of its own). */
  group(name: string, define: () => void): void;
  /** A synchronous case. Its body runs inside `tidy`, so it needs no disposal of its own. */
  test(name: string, body: () => void): void;
  /** An asynchronous case; it must dispose what it makes (the harness checks numTensors). */
  testAsync(name: string, body: () => Promise<void>): void;
}

/** @internal the harness plus bookkeeping for `runConformance`. */
export interface HarnessState extends Harness {
  readonly skipped: string[];
  readonly unusedSkips: () => string[];
}

/** @internal */
export function createHarness(options: {
  name: string;
  tolerance: Partial<Record<ToleranceFamily, Partial<Tolerance>>>;
  skip: readonly string[];
  expectNoFallbacks: boolean;
}): HarnessState {
  // vitest may run a describe factory after its parent's returns, so each block captures its path
  // when it is declared and installs it while its own factory runs.
  let path: string[] = [];
  const within = (name: string, define: () => void): (() => void) => {
    const parent = path;
    return () => {
      const saved = path;
      path = [...parent, name];
      try {
        define();
      } finally {
        path = saved;
      }
    };
  };
  const skipped: string[] = [];
  const usedSkips = new Set<string>();

  const caseId = (title: string): string => [...path, title].join('/');
  const isSkipped = (id: string): boolean => {
    const hit = options.skip.find((prefix) => id.startsWith(prefix));
    if (hit !== undefined) usedSkips.add(hit);
    return hit !== undefined;
  };

  interface Counts {
    tensors: number;
    backendBytes: number;
  }
  const counts = (): Counts => ({
    tensors: memory().numTensors,
    backendBytes: getBackend().memory().numBytes,
  });
  const afterCase = (before: Counts): void => {
    if (options.expectNoFallbacks) {
      expect(
        getFallbackCounts(),
        'kernels that ran on the CPU fallback instead of this backend',
      ).toEqual({});
    }
    const after = counts();
    expect(after.tensors, 'tensors left alive by the case').toBe(before.tensors);
    expect(
      after.backendBytes,
      "bytes the backend still holds after the case's tensors were disposed",
    ).toBe(before.backendBytes);
  };

  const register = (title: string, run: () => Promise<void> | void): void => {
    const id = caseId(title);
    if (isSkipped(id)) {
      skipped.push(id);
      it.skip(`${title} (skipped: known gap)`, () => undefined);
      return;
    }
    it(title, run);
  };

  const harness: HarnessState = {
    name: options.name,
    skipped,
    unusedSkips: () => options.skip.filter((s) => !usedSkips.has(s)),
    tol: (family) => ({ ...DEFAULT_TOLERANCES[family], ...options.tolerance[family] }),
    family(name, define) {
      const body = within(name, define);
      describe(name, () => {
        let tensorsBefore = 0;
        let bytesBefore = 0;
        beforeAll(() => {
          tensorsBefore = memory().numTensors;
          bytesBefore = getBackend().memory().numBytes;
        });
        afterAll(() => {
          expect(memory().numTensors, `tensors leaked by the '${name}' cases`).toBe(tensorsBefore);
          expect(
            getBackend().memory().numBytes,
            `backend bytes leaked by the '${name}' cases`,
          ).toBe(bytesBefore);
        });
        body();
      });
    },
    group(name, define) {
      describe(name, within(name, define));
    },
    test(title, body) {
      register(title, async () => {
        const before = counts();
        try {
          tidy(() => {
            body();
          });
        } finally {
          // reads an asynchronous backend could not make at once (see withValues)
          await settleDeferredChecks();
        }
        afterCase(before);
      });
    },
    testAsync(title, body) {
      register(title, async () => {
        const before = counts();
        try {
          await body();
        } finally {
          await settleDeferredChecks();
        }
        afterCase(before);
      });
    },
  };
  return harness;
}

/** One test per labelled case; `body` gets the case and its index (the cases' seeds offset by it). */
export function testEach<C extends { label: string }>(
  h: Harness,
  cases: readonly C[],
  body: (c: C, index: number) => void,
): void {
  cases.forEach((c, i) => {
    h.test(c.label, () => body(c, i));
  });
}
