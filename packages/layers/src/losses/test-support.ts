import { memory, type Tensor } from '@glia/core';
import { afterEach, beforeEach, expect } from 'vitest';

/** After each test of the calling file, expects as many live Glia tensors as before it. */
export function expectNoLeakAfterEach(): void {
  let baseline = 0;
  beforeEach(() => {
    baseline = memory().numTensors;
  });
  afterEach(() => {
    expect(memory().numTensors, 'tensors leaked').toBe(baseline);
  });
}

/** The values of a Glia or TF.js tensor as numbers. */
export function valuesOf(t: { dataSync(): ArrayLike<number | boolean> }): number[] {
  return Array.from(t.dataSync(), Number);
}

/** Every value within `tolerance` of the expected one, relative above 1. */
export function expectClose(
  actual: readonly number[],
  expected: readonly number[],
  tolerance = 1e-5,
): void {
  expect(actual.length, `lengths: ${actual} vs ${expected}`).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    const ok = Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));
    expect(ok, `index ${i}: ${a} vs ${e} (all: [${actual}] vs [${expected}])`).toBe(true);
  });
}

/** Reads a Glia tensor, checks its shape, and frees it. */
export function take(t: Tensor, shape: readonly number[]): number[] {
  expect(t.shape).toEqual(shape);
  const values = valuesOf(t);
  t.dispose();
  return values;
}
