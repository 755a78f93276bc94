/** Small helpers that turn reference arrays and literals into tensors for the cases. */
import { type Tensor, tensor } from '@glia/core';
import type { Nd } from './reference/nd';

/** A float32 tensor holding `x`. */
export function f32(x: Nd): Tensor {
  return tensor(Float32Array.from(x.data), x.shape, 'float32');
}

/** A float32 tensor from flat values and a shape. */
export function floats(shape: readonly number[], values: readonly number[]): Tensor {
  return tensor(Float32Array.from(values), shape, 'float32');
}

/** An int32 tensor from flat values and a shape. */
export function ints(shape: readonly number[], values: readonly number[]): Tensor {
  return tensor(Int32Array.from(values), shape, 'int32');
}

/** A bool tensor from flat values and a shape. */
export function bools(shape: readonly number[], values: readonly boolean[]): Tensor {
  return tensor(Uint8Array.from(values.map(Number)), shape, 'bool');
}

/** Flat values of an `Nd` rounded to float32, as a backend stores them. */
export function asFloat32(values: readonly number[]): number[] {
  return values.map((v) => Math.fround(v));
}

export const NaN32 = Number.NaN;
export const INF = Number.POSITIVE_INFINITY;
