import { allocArray, fmtShape, ValueError } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { splitAtAxis } from '../strided-iteration';

/**
 * `gather` along `axis` by int32 indices, and its gradient `unsortedSegmentSum`.
 * An index outside [0, x.shape[axis]) is an error; a segment id outside [0, numSegments) is dropped.
 */
export function gatherKernels(storage: CpuStorage): KernelFamily<'gather' | 'unsortedSegmentSum'> {
  return {
    gather: ({ x, indices }, { axis }) => {
      const values = storage.values(x);
      const index = storage.values(indices);
      const { outer, size, inner } = splitAtAxis(x.shape, axis);
      const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
      const out = allocArray(x.dtype, outer * index.length * inner);
      for (let k = 0; k < index.length; k++) {
        const i = index[k]!;
        if (!(i >= 0 && i < size)) {
          throw new ValueError(
            `gather: index ${i} (at position ${k} of indices) is out of range for dimension ${axis} of x ${fmtShape(x.shape)}: expected 0 <= index < ${size}`,
          );
        }
      }
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < index.length; k++) {
          const src = (o * size + index[k]!) * inner;
          out.set(values.subarray(src, src + inner), (o * index.length + k) * inner);
        }
      }
      return storage.output(out, shape, x.dtype);
    },
    unsortedSegmentSum: ({ x, segmentIds }, { numSegments, axis }) => {
      const values = storage.values(x);
      const ids = storage.values(segmentIds);
      const { outer, size, inner } = splitAtAxis(x.shape, axis);
      const shape = [...x.shape];
      shape[axis] = numSegments;
      const out = allocArray(x.dtype, outer * numSegments * inner);
      for (let o = 0; o < outer; o++) {
        for (let k = 0; k < size; k++) {
          const segment = ids[k]!;
          if (segment < 0 || segment >= numSegments) continue;
          const src = (o * size + k) * inner;
          const dst = (o * numSegments + segment) * inner;
          if (x.dtype === 'float32')
            for (let j = 0; j < inner; j++) out[dst + j] += values[src + j]!;
          else if (x.dtype === 'int32')
            for (let j = 0; j < inner; j++) out[dst + j] = (out[dst + j]! + values[src + j]!) | 0;
          else
            for (let j = 0; j < inner; j++) out[dst + j] = out[dst + j] || values[src + j] ? 1 : 0;
        }
      }
      return storage.output(out, shape, x.dtype);
    },
  };
}
