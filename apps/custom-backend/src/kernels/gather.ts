import { coordsOf, flatIndex, sizeOf, stridesOf } from '../indexing';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

/** gather and its gradient, unsortedSegmentSum. */
export function gatherKernels(
  storage: PlainStorage,
): KernelFamily<'gather' | 'unsortedSegmentSum'> {
  return {
    // out[before..., i..., after...] = x[before..., indices[i...], after...]
    gather: ({ x, indices }, { axis }) => {
      const before = x.shape.slice(0, axis);
      const after = x.shape.slice(axis + 1);
      const outShape = [...before, ...indices.shape, ...after];
      const input = storage.read(x.dataId);
      const ids = storage.read(indices.dataId);
      const xStrides = stridesOf(x.shape);
      const idStrides = stridesOf(indices.shape);
      const output = arrayFor(x.dtype, sizeOf(outShape));
      for (let i = 0; i < output.length; i++) {
        const coords = coordsOf(i, outShape);
        const idCoords = coords.slice(axis, axis + indices.shape.length);
        const id = ids[flatIndex(idCoords, idStrides)]!;
        const source = [...coords.slice(0, axis), id, ...coords.slice(axis + indices.shape.length)];
        output[i] = input[flatIndex(source, xStrides)]!;
      }
      return storage.adopt(output, outShape, x.dtype);
    },

    // Adds each slice x[..., j, ...] (j along axis) into bucket segmentIds[j]; ids out of range drop.
    unsortedSegmentSum: ({ x, segmentIds }, { numSegments, axis }) => {
      const outShape = [...x.shape];
      outShape[axis] = numSegments;
      const outStrides = stridesOf(outShape);
      const input = storage.read(x.dataId);
      const ids = storage.read(segmentIds.dataId);
      const sums = new Float64Array(sizeOf(outShape));
      for (let i = 0; i < input.length; i++) {
        const coords = coordsOf(i, x.shape);
        const segment = ids[coords[axis]!]!;
        if (segment < 0 || segment >= numSegments) continue;
        coords[axis] = segment;
        sums[flatIndex(coords, outStrides)]! += input[i]!;
      }
      return storage.adopt(arrayFor(x.dtype, sums.length, sums), outShape, x.dtype);
    },
  };
}
