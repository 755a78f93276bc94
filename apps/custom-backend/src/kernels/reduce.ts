import type { DType, TensorInfo } from '@glia/core';
import { coordsOf, flatIndex, sizeOf, stridesOf } from '../indexing';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

type ReductionKernel = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any';

/** A reduction: its starting value (the result over nothing) and how it folds in one value. */
interface Reducer {
  initial: number;
  step: (accumulated: number, value: number) => number;
}

const REDUCERS: Record<ReductionKernel, Reducer> = {
  sum: { initial: 0, step: (acc, v) => acc + v },
  prod: { initial: 1, step: (acc, v) => acc * v },
  // Once a NaN is in, `v > NaN` is false for every later v, so NaN stays: max and min propagate it.
  max: {
    initial: Number.NEGATIVE_INFINITY,
    step: (acc, v) => (v > acc || Number.isNaN(v) ? v : acc),
  },
  min: {
    initial: Number.POSITIVE_INFINITY,
    step: (acc, v) => (v < acc || Number.isNaN(v) ? v : acc),
  },
  all: { initial: 1, step: (acc, v) => Number(acc !== 0 && v !== 0) },
  any: { initial: 0, step: (acc, v) => Number(acc !== 0 || v !== 0) },
};

/** int32 products wrap like 32-bit integers; a float64 product would lose the low bits first. */
const INT32_PROD: Reducer = { initial: 1, step: (acc, v) => Math.imul(acc, v) };

/**
 * Folds every element of `x` into the output element its kept coordinates name; `axes` are the
 * dropped dimensions (normalised by the op: sorted, unique, non-negative).
 */
function reduce(
  storage: PlainStorage,
  x: TensorInfo,
  axes: number[],
  dtype: DType,
  reducer: Reducer,
): TensorInfo {
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const outShape = kept.map((d) => x.shape[d]!);
  const outStrides = stridesOf(outShape);
  // Accumulate in float64 (more exact sums), round once when storing.
  const accumulators = new Float64Array(sizeOf(outShape)).fill(reducer.initial);
  const input = storage.read(x.dataId);
  for (let i = 0; i < input.length; i++) {
    const coords = coordsOf(i, x.shape);
    const o = flatIndex(
      kept.map((d) => coords[d]!),
      outStrides,
    );
    accumulators[o] = reducer.step(accumulators[o]!, input[i]!);
  }
  return storage.adopt(arrayFor(dtype, accumulators.length, accumulators), outShape, dtype);
}

/** Index of the first extreme element along `axis` (a later equal value does not replace it). */
function argExtreme(
  storage: PlainStorage,
  x: TensorInfo,
  axis: number,
  better: (candidate: number, best: number) => boolean,
): TensorInfo {
  const outShape = x.shape.filter((_, d) => d !== axis);
  const strides = stridesOf(x.shape);
  const input = storage.read(x.dataId);
  const length = x.shape[axis]!;
  const output = new Int32Array(sizeOf(outShape));
  for (let o = 0; o < output.length; o++) {
    const coords = coordsOf(o, outShape);
    coords.splice(axis, 0, 0); // the lane's first element
    const start = flatIndex(coords, strides);
    let best = 0;
    for (let k = 1; k < length; k++) {
      if (better(input[start + k * strides[axis]!]!, input[start + best * strides[axis]!]!))
        best = k;
    }
    output[o] = best;
  }
  return storage.adopt(output, outShape, 'int32');
}

/** The reductions and argMax/argMin. */
export function reduceKernels(
  storage: PlainStorage,
): KernelFamily<ReductionKernel | 'argMax' | 'argMin'> {
  const kernels: Partial<KernelFamily<ReductionKernel>> = {};
  for (const name of Object.keys(REDUCERS) as ReductionKernel[]) {
    const bool = name === 'all' || name === 'any';
    kernels[name] = ({ x }, { axes }) => {
      const reducer = name === 'prod' && x.dtype === 'int32' ? INT32_PROD : REDUCERS[name];
      return reduce(storage, x, axes, bool ? 'bool' : x.dtype, reducer);
    };
  }
  return {
    ...(kernels as KernelFamily<ReductionKernel>),
    argMax: ({ x }, { axis }) => argExtreme(storage, x, axis, (c, best) => c > best),
    argMin: ({ x }, { axis }) => argExtreme(storage, x, axis, (c, best) => c < best),
  };
}
