import { allocArray } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';

/** `oneHot`: float32 [...indices.shape, depth]; an index outside [0, depth) gives a row of offValue. */
export function oneHotKernels(storage: CpuStorage): KernelFamily<'oneHot'> {
  return {
    oneHot: ({ indices }, { depth, onValue, offValue }) => {
      const index = storage.values(indices);
      const out = allocArray('float32', index.length * depth);
      if (offValue !== 0) out.fill(offValue);
      for (let k = 0; k < index.length; k++) {
        const i = index[k]!;
        if (i >= 0 && i < depth) out[k * depth + i] = onValue;
      }
      return storage.output(out, [...indices.shape, depth], 'float32');
    },
  };
}
