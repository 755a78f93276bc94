import { broadcastShapes, shapesEqual, type TensorInfo, type TypedArray } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { broadcastValues } from './strided-iteration';

/**
 * A batchNorm parameter read per element of x: directly when it has x's shape, cyclically when it is a
 * per-channel vector (the common case), else materialised by broadcasting.
 */
function parameterReader(
  storage: CpuStorage,
  param: TensorInfo,
  x: TensorInfo,
): (i: number) => number {
  const values = storage.values(param);
  broadcastShapes('batchNorm', x.shape, param.shape);
  if (values.length === 1) {
    const v = values[0]!;
    return () => v;
  }
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const perChannel =
    values.length === channels &&
    param.shape.slice(0, -1).every((d) => d === 1) &&
    param.shape[param.shape.length - 1] === channels;
  if (perChannel) return (i) => values[i % channels]!;
  if (shapesEqual(param.shape, x.shape)) return (i) => values[i]!;
  const full: TypedArray = broadcastValues(
    values,
    param.shape,
    x.shape,
    new Float32Array(storage.values(x).length),
  );
  return (i) => full[i]!;
}

/** `batchNorm`: (x - mean) / sqrt(variance + epsilon) * scale + offset, parameters broadcast against x. */
export function normalizationKernels(storage: CpuStorage): KernelFamily<'batchNorm'> {
  return {
    batchNorm: ({ x, mean, variance, offset, scale }, { epsilon }) => {
      const values = storage.values(x);
      const m = parameterReader(storage, mean, x);
      const v = parameterReader(storage, variance, x);
      const b = parameterReader(storage, offset, x);
      const s = parameterReader(storage, scale, x);
      const out = new Float32Array(values.length);
      for (let i = 0; i < values.length; i++)
        out[i] = ((values[i]! - m(i)) / Math.sqrt(v(i) + epsilon)) * s(i) + b(i);
      return storage.output(out, x.shape, 'float32');
    },
  };
}
