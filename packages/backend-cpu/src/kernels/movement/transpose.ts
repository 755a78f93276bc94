import { stridesOf } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { stridedCopy } from '../strided-iteration';

/** `transpose`: output dimension d is input dimension perm[d]. */
export function transposeKernels(storage: CpuStorage): KernelFamily<'transpose'> {
  return {
    transpose: ({ x }, { perm }) => {
      const values = storage.values(x);
      const inStrides = stridesOf(x.shape);
      const shape = perm.map((p) => x.shape[p]!);
      const out = storage.alloc(x.dtype, values.length);
      stridedCopy(
        values,
        out,
        shape,
        perm.map((p) => inStrides[p]!),
        0,
      );
      return storage.output(out, shape, x.dtype);
    },
  };
}
