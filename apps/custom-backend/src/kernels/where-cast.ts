import type { DType } from '@glia/core';
import { broadcastShape, broadcastStrides, coordsOf, flatIndex, sizeOf } from '../indexing';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

/** How one value converts to another dtype. */
function converter(to: DType): (v: number) => number {
  if (to === 'int32') return Math.trunc; // toward zero; the Int32Array store wraps the rest
  if (to === 'bool') return (v) => Number(v !== 0); // NaN is true, as NumPy and TF
  return (v) => v;
}

/** `where` (condition ? a : b, all three broadcast together) and `cast`. */
export function whereCastKernels(storage: PlainStorage): KernelFamily<'where' | 'cast'> {
  return {
    where: ({ condition, a, b }) => {
      const shape = broadcastShape(broadcastShape(condition.shape, a.shape), b.shape);
      const c = storage.read(condition.dataId);
      const aValues = storage.read(a.dataId);
      const bValues = storage.read(b.dataId);
      const cStrides = broadcastStrides(condition.shape, shape);
      const aStrides = broadcastStrides(a.shape, shape);
      const bStrides = broadcastStrides(b.shape, shape);
      const output = arrayFor(a.dtype, sizeOf(shape));
      for (let i = 0; i < output.length; i++) {
        const coords = coordsOf(i, shape);
        output[i] =
          c[flatIndex(coords, cStrides)] !== 0
            ? aValues[flatIndex(coords, aStrides)]!
            : bValues[flatIndex(coords, bStrides)]!;
      }
      return storage.adopt(output, shape, a.dtype);
    },

    cast: ({ x }, { dtype }) => {
      const input = storage.read(x.dataId);
      const convert = converter(dtype);
      const output = arrayFor(dtype, input.length);
      for (let i = 0; i < input.length; i++) output[i] = convert(input[i]!);
      return storage.adopt(output, x.shape, dtype);
    },
  };
}
