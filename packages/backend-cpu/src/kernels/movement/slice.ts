import { sizeFromShape, stridesOf } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { stridedCopy } from '../strided-iteration';

/** `slice`: the box of `size` starting at `begin` (both fully specified by the op). */
export function sliceKernels(storage: CpuStorage): KernelFamily<'slice'> {
  return {
    slice: ({ x }, { begin, size }) => {
      const values = storage.values(x);
      const strides = stridesOf(x.shape);
      let offset = 0;
      for (let d = 0; d < begin.length; d++) offset += begin[d]! * strides[d]!;
      const out = storage.alloc(x.dtype, sizeFromShape(size));
      stridedCopy(values, out, size, strides, offset);
      return storage.output(out, size, x.dtype);
    },
  };
}
