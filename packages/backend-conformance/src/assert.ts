/**
 * Assertions shared by the cases: values against references with a tolerance, shapes and dtypes,
 * and errors (class, message and no leaked tensors).
 */
import { type DType, type GliaError, memory, SyncReadError, type Tensor } from '@glia/core';
import { expect } from 'vitest';
import type { Nd } from './reference/nd';

/** |actual - expected| <= atol + rtol·|expected|. */
export interface Tolerance {
  /** Relative tolerance. */
  rtol: number;
  /** Absolute tolerance. */
  atol: number;
}

/** Exact comparison (int32, bool and values a float32 backend must reproduce exactly). */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** What a tensor is expected to hold. */
export interface Expected {
  shape: readonly number[];
  dtype?: DType;
  values: readonly (number | boolean)[];
}

function toNumber(v: number | boolean): number {
  return typeof v === 'boolean' ? Number(v) : v;
}

/**
 * Whether `actual` matches `expected`: NaN only where NaN is expected, infinities exactly,
 * finite values within `tol`.
 */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Lists the first few mismatches of two flat arrays, or returns '' when all match. */
export function mismatches(
  actual: ArrayLike<number>,
  expected: readonly number[],
  tol: Tolerance,
  limit = 5,
): string {
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!isClose(actual[i]!, expected[i]!, tol)) {
      count++;
      if (bad.length < limit) bad.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`);
    }
  }
  return count === 0
    ? ''
    : `${count} of ${expected.length} values differ (rtol ${tol.rtol}, atol ${tol.atol}): ${bad.join('; ')}`;
}

const deferred: Promise<void>[] = [];

/**
 * Reads `t` and hands its values to `check`: at once on a backend that reads synchronously, else
 * (a `SyncReadError`, e.g. gpu.js's webgpu mode) once `await t.data()` resolves. The read starts
 * now, so disposing `t` afterwards (as the harness's `tidy` does) is safe; the harness awaits the
 * deferred checks at the end of each case (`settleDeferredChecks`).
 */
export function withValues(t: Tensor, check: (values: ArrayLike<number>) => void): void {
  let values: ArrayLike<number>;
  try {
    values = t.dataSync();
  } catch (e) {
    if (!(e instanceof SyncReadError)) throw e;
    deferred.push(t.data().then(check));
    return;
  }
  check(values);
}

/**
 * `withValues` over several tensors: `check` gets all their values, in order. On a backend without
 * synchronous reads every read starts now, so disposing the tensors afterwards is safe.
 */
export function withAllValues(
  ts: readonly Tensor[],
  check: (values: ArrayLike<number>[]) => void,
): void {
  const got: ArrayLike<number>[] = [];
  for (const t of ts) {
    try {
      got.push(t.dataSync());
    } catch (e) {
      if (!(e instanceof SyncReadError)) throw e;
      deferred.push(Promise.all(ts.map((x) => x.data())).then(check));
      return;
    }
  }
  check(got);
}

/** Awaits the checks `withValues` deferred (none on a synchronous backend); rethrows the first failure. */
export async function settleDeferredChecks(): Promise<void> {
  const pending = deferred.splice(0);
  const results = await Promise.allSettled(pending);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** Asserts a tensor's shape, dtype (when given) and values (exactly unless `tol`). */
export function expectTensor(t: Tensor, expected: Expected, tol: Tolerance = EXACT): void {
  expect([...t.shape], 'shape').toEqual([...expected.shape]);
  if (expected.dtype) expect(t.dtype, 'dtype').toBe(expected.dtype);
  withValues(t, (values) => checkValues(t.dtype, values, expected, tol));
}

function checkValues(
  dtype: DType,
  values: ArrayLike<number>,
  expected: Expected,
  tol: Tolerance,
): void {
  expect(values.length, 'number of values').toBe(expected.values.length);
  // A float32 result is the float64 value rounded to single precision: overflow gives ±Infinity.
  const round = dtype === 'float32' ? Math.fround : (v: number): number => v;
  expect(
    mismatches(
      values,
      expected.values.map((v) => round(toNumber(v))),
      tol,
    ),
  ).toBe('');
}

/** Asserts a float32 tensor against a float64 reference. */
export function expectNd(t: Tensor, ref: Nd, tol: Tolerance, dtype: DType = 'float32'): void {
  expectTensor(t, { shape: ref.shape, dtype, values: ref.data }, tol);
}

/** Asserts shape (and dtype) only. */
export function expectShape(t: Tensor, shape: readonly number[], dtype?: DType): void {
  expect([...t.shape], 'shape').toEqual([...shape]);
  if (dtype) expect(t.dtype, 'dtype').toBe(dtype);
}

/** A constructor of a `GliaError` subclass. */
export type GliaErrorClass = abstract new (message?: string) => GliaError;

/**
 * Asserts that `fn` throws an instance of `errorClass` whose message matches `message`, and that the
 * failed call leaves `memory().numTensors` unchanged (inputs must be made before calling this).
 */
export function expectGliaError(
  fn: () => unknown,
  errorClass: GliaErrorClass,
  message: RegExp,
): void {
  const before = memory().numTensors;
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected the call to throw').toBeInstanceOf(errorClass);
  expect((caught as Error).message).toMatch(message);
  expect(memory().numTensors, 'tensors leaked by the failed call').toBe(before);
}

/** Escapes a shape like [2,3] for use inside a RegExp. */
export function shapeRe(shape: readonly number[]): string {
  return `\\[${shape.join(',')}\\]`;
}
