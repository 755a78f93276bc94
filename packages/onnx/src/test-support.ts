import { type Tensor, tensor } from '@glia/core';
import { type Layer, type LayersModel, type Sequential, sequential } from '@glia/layers';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { toOnnx } from './export/to-onnx';

/** A deterministic stream of numbers in [-1, 1) (a linear congruential generator). */
export function uniformValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** A float32 tensor of `shape` with values from `uniformValues`, times `scale`. */
export function uniformTensor(shape: readonly number[], seed: number, scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(
    uniformValues(size, seed).map((v) => v * scale),
    shape,
  );
}

/**
 * Sets every weight of `model` to seeded values, so that biases, normalization statistics and
 * recurrent biases are all non-trivial (variances stay positive).
 */
export function randomizeWeights(model: LayersModel, seed = 7): void {
  let s = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const t = uniformTensor(w.variable.shape, s++, 0.5);
      if (!w.originalName.endsWith('moving_variance')) return t;
      const positive = tensor(
        (t.dataSync() as Float32Array).map((v) => Math.abs(v) + 0.5),
        w.variable.shape,
      );
      t.dispose();
      return positive;
    });
    layer.setWeights(values);
    for (const v of values) v.dispose();
  }
}

/** Runs ONNX bytes in ONNX Runtime (node, CPU) on `x`, returning the one output's values. */
export async function runInOrt(
  bytes: Uint8Array,
  x: Tensor,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  const input = session.inputNames[0]!;
  const feed = new ort.Tensor('float32', Float32Array.from(await x.data()), [...x.shape]);
  const result = await session.run({ [input]: feed });
  const out = result[session.outputNames[0]!]!;
  await session.release();
  return { data: out.data as Float32Array, dims: out.dims };
}

/**
 * Runs ONNX bytes in ONNX Runtime on one tensor per graph input (in the graph's input order),
 * returning every output in the graph's output order, with the session's input and output names.
 */
export async function runGraphInOrt(
  bytes: Uint8Array,
  xs: readonly Tensor[],
): Promise<{
  outputs: { data: Float32Array; dims: readonly number[] }[];
  inputNames: readonly string[];
  outputNames: readonly string[];
}> {
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  await Promise.all(
    session.inputNames.map(async (name, i) => {
      const x = xs[i]!;
      feeds[name] = new ort.Tensor('float32', Float32Array.from(await x.data()), [...x.shape]);
    }),
  );
  const result = await session.run(feeds);
  const outputs = session.outputNames.map((name) => ({
    data: result[name]!.data as Float32Array,
    dims: result[name]!.dims,
  }));
  const names = { inputNames: [...session.inputNames], outputNames: [...session.outputNames] };
  await session.release();
  return { outputs, ...names };
}

/** Where `expectOrtAgrees` draws its numbers, and how close ONNX Runtime must come. */
export interface OrtCheckOptions {
  /** Seeds the weights of a model built from layers (`randomizeWeights`); default 7. */
  weightSeed?: number;
  /** Seeds the input (`uniformTensor`); default 11. */
  seed?: number;
  /** Scales the input; default 1. */
  scale?: number;
  /** The largest difference allowed; default 1e-4. */
  tolerance?: number;
}

/**
 * Runs a model in Glia and, exported by `toOnnx`, in ONNX Runtime (the oracle) on one seeded input
 * of `inputShape`, and expects the same shape and values within `tolerance`. Given its layers
 * (`stack`), it builds the model with seeded weights and frees it afterwards.
 */
export async function expectOrtAgrees(
  modelOrStack: Sequential | (() => Layer[]),
  inputShape: readonly number[],
  { weightSeed = 7, seed = 11, scale = 1, tolerance = 1e-4 }: OrtCheckOptions = {},
): Promise<void> {
  const built = typeof modelOrStack === 'function';
  const model = built ? sequential({ layers: modelOrStack() }) : modelOrStack;
  if (built) randomizeWeights(model, weightSeed);
  const x = uniformTensor(inputShape, seed, scale);
  const expected = model.predict(x);
  const actual = await runInOrt(await toOnnx(model), x);
  expect(actual.dims).toEqual(expected.shape);
  expect(maxAbsDiff(actual.data, await expected.data())).toBeLessThan(tolerance);
  x.dispose();
  expected.dispose();
  if (built) for (const l of model.layers) l.dispose();
}

/** The largest absolute difference between two arrays (Infinity when lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
