import { allocArray, type TensorInfo, type UnaryKernelName } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { erf, roundHalfToEven } from './special-functions';

type ElementwiseUnary = (v: number) => number;

/**
 * A kernel whose output has the input's dtype: `float` on float32 values, `int` on int32 ones
 * (the typed array wraps the result to int32); bool results are stored as 0/1.
 */
export function mapKernel(
  storage: CpuStorage,
  float: ElementwiseUnary,
  int: ElementwiseUnary = float,
) {
  return ({ x }: { x: TensorInfo }): TensorInfo => {
    const values = storage.values(x);
    const out = allocArray(x.dtype, values.length);
    const n = values.length;
    if (x.dtype === 'float32') {
      for (let i = 0; i < n; i++) out[i] = float(values[i]!);
    } else if (x.dtype === 'int32') {
      for (let i = 0; i < n; i++) out[i] = int(values[i]!);
    } else {
      for (let i = 0; i < n; i++) out[i] = int(values[i]!) !== 0 ? 1 : 0;
    }
    return storage.output(out, x.shape, x.dtype);
  };
}

/** A kernel with a bool output. */
function predicateKernel(storage: CpuStorage, test: (v: number) => boolean) {
  return ({ x }: { x: TensorInfo }): TensorInfo => {
    const values = storage.values(x);
    const out = allocArray('bool', values.length);
    for (let i = 0; i < values.length; i++) out[i] = test(values[i]!) ? 1 : 0;
    return storage.output(out, x.shape, 'bool');
  };
}

function sigmoid(v: number): number {
  // Two branches so exp never overflows.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Elementwise unary kernels: arithmetic on every dtype, math functions on float32, and predicates. */
export function unaryKernels(storage: CpuStorage): KernelFamily<UnaryKernelName> {
  const identity = (v: number): number => v;
  return {
    neg: mapKernel(storage, (v) => -v),
    abs: mapKernel(storage, Math.abs),
    sign: mapKernel(storage, Math.sign),
    square: mapKernel(
      storage,
      (v) => v * v,
      (v) => Math.imul(v, v),
    ),
    relu: mapKernel(storage, (v) => (v > 0 || Number.isNaN(v) ? v : 0)),
    floor: mapKernel(storage, Math.floor, identity),
    ceil: mapKernel(storage, Math.ceil, identity),
    round: mapKernel(storage, roundHalfToEven, identity),
    exp: mapKernel(storage, Math.exp),
    expm1: mapKernel(storage, Math.expm1),
    log: mapKernel(storage, Math.log),
    log1p: mapKernel(storage, Math.log1p),
    sqrt: mapKernel(storage, Math.sqrt),
    rsqrt: mapKernel(storage, (v) => 1 / Math.sqrt(v)),
    reciprocal: mapKernel(storage, (v) => 1 / v),
    sin: mapKernel(storage, Math.sin),
    cos: mapKernel(storage, Math.cos),
    tanh: mapKernel(storage, Math.tanh),
    sigmoid: mapKernel(storage, sigmoid),
    erf: mapKernel(storage, erf),
    isNaN: predicateKernel(storage, Number.isNaN),
    isFinite: predicateKernel(storage, Number.isFinite),
    logicalNot: predicateKernel(storage, (v) => v === 0),
  };
}
