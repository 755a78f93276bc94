import { stridesOf } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { stridedCopy } from '../strided-iteration';

/** `reverse`: flips `axes`, read as negative strides from the far end. */
export function reverseKernels(storage: CpuStorage): KernelFamily<'reverse'> {
  return {
    reverse: ({ x }, { axes }) => {
      const values = storage.values(x);
      const strides = stridesOf(x.shape);
      let offset = 0;
      for (const a of axes) {
        if (x.shape[a]! > 0) offset += (x.shape[a]! - 1) * strides[a]!;
        strides[a] = -strides[a]!;
      }
      const out = storage.alloc(x.dtype, values.length);
      stridedCopy(values, out, x.shape, strides, offset);
      return storage.output(out, x.shape, x.dtype);
    },
  };
}
