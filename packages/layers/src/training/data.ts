/**
 * What fit, evaluate and trainOnBatch share: checks on the model and the data (run before anything
 * is computed, so a bad call changes no weight), batching, and seeded shuffling.
 */
import {
  fmtShape,
  GliaError,
  Prng,
  randomUniform,
  ShapeError,
  slice,
  Tensor,
  ValueError,
} from '@glia/core';
import { formatSymbolicShape } from '../engine/symbolic-shape';
import type { CompiledModel, TrainableModel } from './model-api';
import type { Batch, Batches } from './types';

/** One batch as arrays in the model's input and output order. */
export interface TensorBatch {
  xs: Tensor[];
  ys: Tensor[];
}

/** The compiled settings, or a clear error naming the call. */
export function requireCompiled(op: string, model: TrainableModel): CompiledModel {
  if (!model.compiled) {
    throw new GliaError(
      `${op}: model '${model.name}' is not compiled: call model.compile({ optimizer, loss, metrics }) first`,
    );
  }
  return model.compiled;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A model's inputs or targets as an array in the model's order, from one tensor (one input /
 * output), an array, or an object keyed by name. Checks the form only (not shapes).
 */
export function toTensorList(
  op: string,
  value: unknown,
  names: readonly string[],
  what: string,
  kind: 'input' | 'output',
): Tensor[] {
  const forms = `a Tensor${names.length > 1 ? '' : ''}, an array of ${names.length} tensors or an object keyed by ${kind} name (${names.join(', ')})`;
  if (value instanceof Tensor) {
    if (names.length !== 1)
      throw new ValueError(
        `${op}: ${what} is one tensor: the model has ${names.length} ${kind}s (${names.join(', ')}): pass an array or an object keyed by ${kind} name`,
      );
    value.assertAlive(op);
    return [value];
  }
  let list: unknown[];
  let labels: string[];
  if (Array.isArray(value)) {
    if (value.length !== names.length)
      throw new ValueError(
        `${op}: ${what} has ${value.length} tensors: the model has ${names.length} ${kind}s (${names.join(', ')})`,
      );
    list = value;
    labels = names.map((_, i) => `${what}[${i}]`);
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      if (!names.includes(key))
        throw new ValueError(
          `${op}: ${what} has the key '${key}', which is not an ${kind} of the model: expected ${names.join(', ')}`,
        );
    }
    list = names.map((name) => {
      if (!Object.hasOwn(value, name))
        throw new ValueError(
          `${op}: ${what} lacks ${kind} '${name}' (expected keys ${names.join(', ')})`,
        );
      return value[name];
    });
    labels = names.map((name) => `${what}['${name}']`);
  } else {
    throw new ValueError(
      `${op}: ${what} is ${describe(value)}: expected ${names.length === 1 ? 'a Tensor' : forms}`,
    );
  }
  return list.map((t, i) => {
    if (!(t instanceof Tensor))
      throw new ValueError(`${op}: ${labels[i]} is ${describe(t)}: expected a Tensor`);
    t.assertAlive(op);
    return t;
  });
}

/** `x` for one input, `x[1]` / `x['name']` style labels for several. */
function label(what: string, names: readonly string[], i: number): string {
  return names.length === 1 ? what : `${what}['${names[i]}']`;
}

/** Checks inputs against the model's input shapes (`null` dimensions match anything). */
export function checkInputs(
  op: string,
  model: TrainableModel,
  xs: readonly Tensor[],
  name = 'x',
): void {
  const names = model.inputNames;
  xs.forEach((x, i) => {
    const expected = model.inputShapes[i]!;
    const fits =
      expected.length === x.rank && expected.every((d, j) => d === null || d === x.shape[j]);
    if (!fits) {
      const whose =
        names.length === 1
          ? `the input shape of model '${model.name}'`
          : `the shape of input '${names[i]}' of model '${model.name}'`;
      throw new ShapeError(
        `${op}: ${label(name, names, i)} has shape ${fmtShape(x.shape)}: expected ${formatSymbolicShape(expected)}, ${whose} (None: any size)`,
      );
    }
    if (x.rank === 0 || x.shape[0] !== xs[0]!.shape[0]) {
      throw new ShapeError(
        `${op}: ${label(name, names, i)} has ${x.shape[0] ?? 0} examples (shape ${fmtShape(x.shape)}) but ${label(name, names, 0)} has ${xs[0]!.shape[0]}: expected the same number in every input`,
      );
    }
  });
}

/**
 * Checks the labels of each output: one row per example, of a dtype and range its loss accepts
 * (the loss's own `validateLabels`).
 */
export function checkTargets(
  op: string,
  model: TrainableModel,
  compiled: CompiledModel,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
  name = 'y',
): void {
  const x = xs[0]!;
  const names = model.outputNames;
  ys.forEach((y, i) => {
    const yName = label(name, names, i);
    if (y.rank === 0)
      throw new ShapeError(
        `${op}: ${yName} is a scalar: expected one label per example (${x.shape[0]} examples)`,
      );
    if (y.shape[0] !== x.shape[0]) {
      throw new ShapeError(
        `${op}: x has ${x.shape[0]} examples (shape ${fmtShape(x.shape)}) but ${yName} has ${y.shape[0]} (shape ${fmtShape(y.shape)}): expected one label per example`,
      );
    }
    const predictionShape = [x.shape[0]!, ...model.outputShapes[i]!.slice(1).map((d) => d ?? -1)];
    const validate = compiled.outputs[i]!.loss.validateLabels;
    if (!validate) return;
    try {
      validate(y, predictionShape);
    } catch (e) {
      if (!(e instanceof GliaError) || e.message.startsWith(op)) throw e;
      const ErrorClass = e.constructor as new (
        message: string,
        options?: ErrorOptions,
      ) => GliaError;
      throw new ErrorClass(`${op}: ${yName}: ${e.message}`, { cause: e });
    }
  });
}

/**
 * Inputs and targets in the model's order, checked against its shapes and losses before anything
 * is computed.
 */
export function checkedBatch(
  op: string,
  model: TrainableModel,
  compiled: CompiledModel,
  x: unknown,
  y: unknown,
  names: { x: string; y: string } = { x: 'x', y: 'y' },
): TensorBatch {
  const xs = toTensorList(op, x, model.inputNames, names.x, 'input');
  checkInputs(op, model, xs, names.x);
  if (y === undefined || y === null)
    throw new ValueError(
      `${op}: ${names.y} is ${y === null ? 'null' : 'undefined'}: expected a Tensor of labels`,
    );
  const ys = toTensorList(op, y, model.outputNames, names.y, 'output');
  checkTargets(op, model, compiled, xs, ys, names.y);
  return { xs, ys };
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
  const draw = randomUniform([1], 0, 2147483647, 'int32');
  const value = draw.dataSync()[0]!;
  draw.dispose();
  return new Prng(value);
}

/** Whether `value` is a batch iterable (sync or async) rather than a tensor. */
export function isBatches(value: unknown): value is Batches {
  if (value === null || typeof value !== 'object' || value instanceof Tensor) return false;
  return Symbol.asyncIterator in value || Symbol.iterator in value;
}

/** Every tensor in a batch's `xs` or `ys` (a tensor, an array or a name-keyed object). */
export function batchTensors(value: unknown): Tensor[] {
  if (value instanceof Tensor) return [value];
  const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  return items.filter((t): t is Tensor => t instanceof Tensor);
}

function isModelData(value: unknown): boolean {
  if (value instanceof Tensor) return true;
  const items = Array.isArray(value)
    ? value
    : isPlainObject(value)
      ? Object.values(value)
      : undefined;
  return items !== undefined && items.length > 0 && items.every((t) => t instanceof Tensor);
}

/** Iterates sync and async batch iterables alike, checking each element's form. */
export async function* eachBatch(op: string, batches: Batches): AsyncGenerator<Batch> {
  let i = 0;
  for await (const batch of batches as AsyncIterable<Batch>) {
    if (
      batch === null ||
      typeof batch !== 'object' ||
      !isModelData(batch.xs) ||
      !isModelData(batch.ys)
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
