import type { TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { splitAtAxis } from './strided-iteration';

/**
 * softmax and logSoftmax along one axis, shifted by each run's maximum so large logits do not
 * overflow. Runs along a middle axis are read with a stride, with no transpose.
 */
export function softmaxKernels(storage: CpuStorage): KernelFamily<'softmax' | 'logSoftmax'> {
  const along =
    (log: boolean) =>
    ({ x }: { x: TensorInfo }, { axis }: { axis: number }): TensorInfo => {
      const values = storage.values(x);
      const out = storage.alloc('float32', values.length);
      const { outer, size, inner } = splitAtAxis(x.shape, axis);
      for (let o = 0; o < outer; o++) {
        for (let j = 0; j < inner; j++) {
          const start = o * size * inner + j;
          const end = start + size * inner;
          let max = Number.NEGATIVE_INFINITY;
          for (let i = start; i < end; i += inner) {
            const v = values[i]!;
            if (v > max || Number.isNaN(v)) max = v;
            if (Number.isNaN(max)) break;
          }
          let sum = 0;
          for (let i = start; i < end; i += inner) sum += Math.exp(values[i]! - max);
          if (log) {
            const logSum = Math.log(sum);
            for (let i = start; i < end; i += inner) out[i] = values[i]! - max - logSum;
          } else {
            for (let i = start; i < end; i += inner) out[i] = Math.exp(values[i]! - max) / sum;
          }
        }
      }
      return storage.output(out, x.shape, 'float32');
    };
  return { softmax: along(false), logSoftmax: along(true) };
}
