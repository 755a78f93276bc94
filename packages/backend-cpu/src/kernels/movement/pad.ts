import { sizeFromShape, stridesOf } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';

/** `pad`: `paddings[d] = [before, after]` cells of `constantValue` around each dimension. */
export function padKernels(storage: CpuStorage): KernelFamily<'pad'> {
  return {
    pad: ({ x }, { paddings, constantValue }) => {
      const values = storage.values(x);
      const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      const out = storage.allocZeroed(x.dtype, sizeFromShape(shape));
      const fill =
        x.dtype === 'bool'
          ? constantValue !== 0 && !Number.isNaN(constantValue)
            ? 1
            : 0
          : constantValue;
      if (fill !== 0) out.fill(fill);
      const rank = x.shape.length;
      if (values.length === 0) return storage.output(out, shape, x.dtype);
      if (rank === 0) {
        out[0] = values[0]!;
        return storage.output(out, shape, x.dtype);
      }
      // Copy each innermost row of x to its place in the output.
      const outStrides = stridesOf(shape);
      const inner = x.shape[rank - 1]!;
      const coord = new Array<number>(rank).fill(0);
      let base = 0;
      for (let d = 0; d < rank; d++) base += paddings[d]![0] * outStrides[d]!;
      for (let src = 0; src < values.length; src += inner) {
        out.set(values.subarray(src, src + inner), base);
        for (let d = rank - 2; d >= 0; d--) {
          base += outStrides[d]!;
          if (++coord[d]! < x.shape[d]!) break;
          base -= outStrides[d]! * x.shape[d]!;
          coord[d] = 0;
        }
      }
      return storage.output(out, shape, x.dtype);
    },
  };
}
