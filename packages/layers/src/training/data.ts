/**
 * What fit, evaluate and trainOnBatch share: checks on the model and the data (run before anything
 * is computed, so a bad call changes no weight), batching, and seeded shuffling.
 */
import {
  fmtShape,
  GliaError,
  Prng,
  ShapeError,
  seedFromGlobalGenerator,
  slice,
  Tensor,
  ValueError,
} from '@glia/core';
import { formatSymbolicShape } from '../engine/symbolic-shape';
import type { Sequential } from '../model/sequential';
import type { CompiledModel } from './compile';
import type { Batch, Batches } from './types';

/** The compiled settings, or a clear error naming the call. */
export function requireCompiled(op: string, model: Sequential): CompiledModel {
  if (!model.compiled) {
    throw new GliaError(
      `${op}: model '${model.name}' is not compiled: call model.compile({ optimizer, loss, metrics }) first`,
    );
  }
  return model.compiled;
}

/** Checks `x` against the model's input shape (`null` dimensions match anything). */
export function checkInput(
  op: string,
  model: Sequential,
  x: unknown,
  name = 'x',
): asserts x is Tensor {
  if (!(x instanceof Tensor))
    throw new ValueError(`${op}: ${name} is ${describe(x)}: expected a Tensor`);
  x.assertAlive(op);
  const expected = model.inputShape;
  const fits =
    expected.length === x.rank && expected.every((d, i) => d === null || d === x.shape[i]);
  if (!fits) {
    throw new ShapeError(
      `${op}: ${name} has shape ${fmtShape(x.shape)}: expected ${formatSymbolicShape(expected)}, the input shape of model '${model.name}' (None: any size)`,
    );
  }
}

/**
 * Checks the labels for `x`: a tensor with one row per example, of a dtype and range the loss
 * accepts (the loss's own `validateLabels`).
 */
export function checkLabels(
  op: string,
  model: Sequential,
  compiled: CompiledModel,
  x: Tensor,
  y: unknown,
  name = 'y',
): asserts y is Tensor {
  if (!(y instanceof Tensor))
    throw new ValueError(`${op}: ${name} is ${describe(y)}: expected a Tensor of labels`);
  y.assertAlive(op);
  if (y.rank === 0)
    throw new ShapeError(
      `${op}: ${name} is a scalar: expected one label per example (${x.shape[0]} examples)`,
    );
  if (y.shape[0] !== x.shape[0]) {
    throw new ShapeError(
      `${op}: x has ${x.shape[0]} examples (shape ${fmtShape(x.shape)}) but ${name} has ${y.shape[0]} (shape ${fmtShape(y.shape)}): expected one label per example`,
    );
  }
  const predictionShape = [x.shape[0]!, ...model.outputShape.slice(1).map((d) => d ?? -1)];
  const validate = compiled.loss.validateLabels;
  if (!validate) return;
  try {
    validate(y, predictionShape);
  } catch (e) {
    if (!(e instanceof GliaError) || e.message.startsWith(op)) throw e;
    const ErrorClass = e.constructor as new (message: string, options?: ErrorOptions) => GliaError;
    throw new ErrorClass(`${op}: ${name}: ${e.message}`, { cause: e });
  }
}

/** A positive integer setting, or a clear error. */
export function positiveInteger(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new ValueError(`${op}: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** Rows `[start, start + size)` of `t`. */
export function sliceRows(t: Tensor, start: number, size: number): Tensor {
  return slice(
    t,
    t.shape.map((_, i) => (i === 0 ? start : 0)),
    t.shape.map((d, i) => (i === 0 ? size : d)),
  );
}

/** A permutation of `0 .. n-1` (Fisher-Yates) drawn from `prng`. */
export function permutation(n: number, prng: Prng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(prng.nextFloat() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/**
 * The shuffling generator for one `fit`: seeded by `seed`, or else by a draw from core's global
 * generator (so `setSeed` alone makes fit repeatable too).
 */
export function shufflePrng(seed: number | undefined): Prng {
  if (seed !== undefined) {
    if (!Number.isFinite(seed))
      throw new ValueError(`fit: seed must be a finite number, got ${seed}`);
    return new Prng(seed);
  }
  return new Prng(seedFromGlobalGenerator());
}

/** Whether `value` is a batch iterable (sync or async) rather than a tensor. */
export function isBatches(value: unknown): value is Batches {
  if (value === null || typeof value !== 'object' || value instanceof Tensor) return false;
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/** Iterates sync and async batch iterables alike, checking each element's form. */
export async function* eachBatch(op: string, batches: Batches): AsyncGenerator<Batch> {
  let i = 0;
  for await (const batch of batches as AsyncIterable<Batch>) {
    if (
      batch === null ||
      typeof batch !== 'object' ||
      !(batch.xs instanceof Tensor) ||
      !(batch.ys instanceof Tensor)
    ) {
      throw new ValueError(
        `${op}: batch ${i} is ${describe(batch)}: expected { xs: Tensor, ys: Tensor }`,
      );
    }
    yield batch;
    i++;
  }
}

/** Lets the event loop run (progress output, timers, other callbacks) between batches. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  return new Promise((resolve) =>
    g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0),
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? `an object (${Object.keys(value as object).join(', ') || 'no fields'})`
    : typeof value;
}
