import { allocArray, broadcastShapes, sizeFromShape } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { broadcastValues } from './strided-iteration';

/** `where`: `condition ? a : b` elementwise, the three inputs broadcast together. */
export function whereKernels(storage: CpuStorage): KernelFamily<'where'> {
  return {
    where: ({ condition, a, b }) => {
      const shape = broadcastShapes(
        'where',
        broadcastShapes('where', condition.shape, a.shape),
        b.shape,
      );
      const size = sizeFromShape(shape);
      const c = broadcastValues(
        storage.values(condition),
        condition.shape,
        shape,
        allocArray('bool', size),
      );
      const av = broadcastValues(storage.values(a), a.shape, shape, allocArray(a.dtype, size));
      const bv = broadcastValues(storage.values(b), b.shape, shape, allocArray(b.dtype, size));
      const out = storage.alloc(a.dtype, size);
      for (let i = 0; i < size; i++) out[i] = c[i] ? av[i]! : bv[i]!;
      return storage.output(out, shape, a.dtype);
    },
  };
}
