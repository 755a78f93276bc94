import { fmtShape, ValueError } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { copyRuns, splitAtAxis } from '../strided-iteration';

/**
 * `split` along `axis`: each piece is `outer` contiguous runs of `size * inner` values, copied
 * block by block (the inverse of `concat`); size-0 pieces copy nothing.
 */
export function splitKernels(storage: CpuStorage): KernelFamily<'split'> {
  return {
    split: ({ x }, { axis, sizes }) => {
      const { outer, size: dim, inner } = splitAtAxis(x.shape, axis);
      if (
        sizes.some((s) => !Number.isInteger(s) || s < 0) ||
        sizes.reduce((a, b) => a + b, 0) !== dim
      )
        throw new ValueError(
          `split: sizes [${sizes.join(',')}] do not add up to dimension ${axis} (${dim}) of x ${fmtShape(x.shape)}`,
        );
      const inRow = dim * inner;
      let column = 0;
      return sizes.map((size) => {
        const shape = [...x.shape];
        shape[axis] = size;
        const row = size * inner;
        const out = storage.alloc(x.dtype, outer * row);
        // Read after allocating: a growing arena may hand out a new buffer.
        const values = storage.values(x);
        copyRuns(values, column, inRow, out, 0, row, outer, row);
        column += row;
        return storage.output(out, shape, x.dtype);
      });
    },
  };
}
