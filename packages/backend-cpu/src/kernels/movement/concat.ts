import { ValueError } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { copyRuns, splitAtAxis } from '../strided-iteration';

/** `concat` of any number of same-rank inputs along `axis`; size-0 inputs contribute nothing. */
export function concatKernels(storage: CpuStorage): KernelFamily<'concat'> {
  return {
    concat: ({ tensors }, { axis }) => {
      const first = tensors[0];
      if (first === undefined)
        throw new ValueError('concat: got no tensors: expected at least one');
      const shape = [...first.shape];
      shape[axis] = tensors.reduce((total, t) => total + t.shape[axis]!, 0);
      const { outer, inner } = splitAtAxis(shape, axis);
      const out = storage.alloc(first.dtype, outer * shape[axis]! * inner);
      const outRow = shape[axis]! * inner;
      let column = 0;
      for (const t of tensors) {
        const values = storage.values(t);
        const row = t.shape[axis]! * inner;
        copyRuns(values, 0, row, out, column, outRow, outer, row);
        column += row;
      }
      return storage.output(out, shape, first.dtype);
    },
  };
}
