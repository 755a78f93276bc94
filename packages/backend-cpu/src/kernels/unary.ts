import { allocArray, type TensorInfo, type UnaryKernelName } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { erf, roundHalfToEven } from './special-functions';
import { RUN_CHUNK } from './strided-iteration';

type ElementwiseUnary = (v: number) => number;

/** `float` over elements [start, end) of a float32 array, inline: no function call per element. */
type FloatLoop = (x: Float32Array, out: Float32Array, start: number, end: number) => void;

/**
 * A kernel whose output has the input's dtype: `float` on float32 values (or `floatLoop`, its
 * inline-loop form, where given), `int` on int32 ones (the typed array wraps the result to int32);
 * bool results are stored as 0/1.
 */
export function mapKernel(
  storage: CpuStorage,
  float: ElementwiseUnary,
  int: ElementwiseUnary = float,
  floatLoop?: FloatLoop,
) {
  return ({ x }: { x: TensorInfo }): TensorInfo => {
    const values = storage.values(x);
    const n = values.length;
    // float32 outputs come from the storage's buffer pool; every element is written below.
    const out = x.dtype === 'float32' ? storage.allocFloat32(n) : allocArray(x.dtype, n);
    if (x.dtype === 'float32') {
      if (floatLoop !== undefined) {
        for (let start = 0; start < n; start += RUN_CHUNK)
          floatLoop(
            values as Float32Array,
            out as Float32Array,
            start,
            Math.min(start + RUN_CHUNK, n),
          );
      } else {
        for (let i = 0; i < n; i++) out[i] = float(values[i]!);
      }
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

/*
 * Inline loops of the float32 kernels training and inference spend their time in (each its own
 * function, so V8 specialises it to its one operation).
 */
const reluLoop: FloatLoop = (x, out, start, end) => {
  // On the bits, without a branch per element (on data of mixed sign a branch mispredicts half
  // the time, 4x slower): a set sign bit clears the word (negatives, -0 and -Infinity become +0),
  // except for NaN, which passes through whatever its sign bit.
  const bits = new Int32Array(x.buffer, x.byteOffset, x.length);
  const outBits = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let i = start; i < end; i++) {
    const b = bits[i]!;
    outBits[i] = (b & 0x7fffffff) > 0x7f800000 ? b : b & ~(b >> 31);
  }
};
const negLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = -x[i]!;
};
const absLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = Math.abs(x[i]!);
};
const squareLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) {
    const v = x[i]!;
    out[i] = v * v;
  }
};
const expLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = Math.exp(x[i]!);
};
const logLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = Math.log(x[i]!);
};
const sqrtLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = Math.sqrt(x[i]!);
};
const rsqrtLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = 1 / Math.sqrt(x[i]!);
};
const reciprocalLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = 1 / x[i]!;
};
const tanhLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = Math.tanh(x[i]!);
};
const sigmoidLoop: FloatLoop = (x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = sigmoid(x[i]!);
};

/** Elementwise unary kernels: arithmetic on every dtype, math functions on float32, and predicates. */
export function unaryKernels(storage: CpuStorage): KernelFamily<UnaryKernelName> {
  const identity = (v: number): number => v;
  return {
    neg: mapKernel(storage, (v) => -v, undefined, negLoop),
    abs: mapKernel(storage, Math.abs, undefined, absLoop),
    sign: mapKernel(storage, Math.sign),
    square: mapKernel(
      storage,
      (v) => v * v,
      (v) => Math.imul(v, v),
      squareLoop,
    ),
    relu: mapKernel(storage, (v) => (v > 0 || Number.isNaN(v) ? v : 0), undefined, reluLoop),
    floor: mapKernel(storage, Math.floor, identity),
    ceil: mapKernel(storage, Math.ceil, identity),
    round: mapKernel(storage, roundHalfToEven, identity),
    exp: mapKernel(storage, Math.exp, undefined, expLoop),
    expm1: mapKernel(storage, Math.expm1),
    log: mapKernel(storage, Math.log, undefined, logLoop),
    log1p: mapKernel(storage, Math.log1p),
    sqrt: mapKernel(storage, Math.sqrt, undefined, sqrtLoop),
    rsqrt: mapKernel(storage, (v) => 1 / Math.sqrt(v), undefined, rsqrtLoop),
    reciprocal: mapKernel(storage, (v) => 1 / v, undefined, reciprocalLoop),
    sin: mapKernel(storage, Math.sin),
    cos: mapKernel(storage, Math.cos),
    tanh: mapKernel(storage, Math.tanh, undefined, tanhLoop),
    sigmoid: mapKernel(storage, sigmoid, undefined, sigmoidLoop),
    erf: mapKernel(storage, erf),
    isNaN: predicateKernel(storage, Number.isNaN),
    isFinite: predicateKernel(storage, Number.isFinite),
    logicalNot: predicateKernel(storage, (v) => v === 0),
  };
}
