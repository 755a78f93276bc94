import { sizeFromShape } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';

/** `tile`: repeats x `reps[d]` times along each dimension d. */
export function tileKernels(storage: CpuStorage): KernelFamily<'tile'> {
  return {
    tile: ({ x }, { reps }) => {
      const values = storage.values(x);
      const shape = x.shape.map((d, i) => d * reps[i]!);
      const size = sizeFromShape(shape);
      const out = storage.alloc(x.dtype, size);
      if (size === 0) return storage.output(out, shape, x.dtype);
      const rank = shape.length;
      if (rank === 0) {
        out[0] = values[0]!;
        return storage.output(out, shape, x.dtype);
      }
      // Odometer over output coordinates; the input index is Σ (coord[d] mod x.shape[d]) · stride[d].
      const inStrides = new Array<number>(rank);
      let s = 1;
      for (let d = rank - 1; d >= 0; d--) {
        inStrides[d] = s;
        s *= x.shape[d]!;
      }
      const inner = x.shape[rank - 1]!;
      const outInner = shape[rank - 1]!;
      const coord = new Array<number>(rank).fill(0);
      let base = 0;
      for (let o = 0; o < size; o += outInner) {
        for (let r = 0; r < reps[rank - 1]!; r++)
          out.set(values.subarray(base, base + inner), o + r * inner);
        for (let d = rank - 2; d >= 0; d--) {
          coord[d]!++;
          base += inStrides[d]!;
          if (coord[d]! % x.shape[d]! === 0) base -= inStrides[d]! * x.shape[d]!;
          if (coord[d]! < shape[d]!) break;
          coord[d] = 0;
        }
      }
      return storage.output(out, shape, x.dtype);
    },
  };
}
