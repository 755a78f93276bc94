// Movement kernels move values without changing them, so each gradient moves dy back.
import {
  clipByValue,
  concat,
  gather,
  greaterEqual,
  lessEqual,
  logicalAnd,
  pad,
  reshape,
  reverse,
  slice,
  split,
  sum,
  transpose,
  unsortedSegmentSum,
  where,
  zeros,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';
import { reduceTo } from './broadcast';

export const movementGradients: AnyGradientRule[] = [
  {
    kernelName: 'reshape',
    gradient: (dy, { inputs: { x } }) => ({ x: () => reshape(dy, x.shape) }),
  },
  {
    kernelName: 'broadcastTo',
    gradient: (dy, { inputs: { x } }) => ({ x: () => reduceTo(dy, x.shape) }),
  },
  {
    kernelName: 'transpose',
    gradient: (dy, { attrs: { perm } }) => ({
      x: () =>
        transpose(
          dy,
          perm.map((_, i) => perm.indexOf(i)),
        ),
    }),
  },
  {
    kernelName: 'reverse',
    gradient: (dy, { attrs: { axes } }) => ({ x: () => reverse(dy, axes) }),
  },
  // slice and pad are each other's gradients.
  {
    kernelName: 'slice',
    gradient: (dy, { inputs: { x }, attrs: { begin, size } }) => ({
      x: () =>
        pad(
          dy,
          x.shape.map((d, i): [number, number] => [begin[i]!, d - begin[i]! - size[i]!]),
        ),
    }),
  },
  {
    kernelName: 'pad',
    gradient: (dy, { inputs: { x }, attrs: { paddings } }) => ({
      x: () =>
        slice(
          dy,
          paddings.map(([before]) => before),
          x.shape,
        ),
    }),
  },
  {
    kernelName: 'concat',
    gradient: (dy, { inputs: { tensors }, attrs: { axis } }) => ({
      tensors: () =>
        split(
          dy,
          tensors.map((t) => t.shape[axis]!),
          axis,
        ),
    }),
  },
  // One concat of the pieces' gradients (the tape passes zeros for pieces that got none), rather
  // than one full-size zero-padded tensor per piece summed up.
  {
    kernelName: 'split',
    gradient: (dys, { attrs: { axis } }) => ({ x: () => concat(dys, axis) }),
  },
  // tile lays out reps[i] copies of dimension i: view dy as [reps0, d0, reps1, d1, ...] and sum the copies.
  {
    kernelName: 'tile',
    gradient: (dy, { inputs: { x }, attrs: { reps } }) => ({
      x: () => {
        const copies = reshape(
          dy,
          x.shape.flatMap((d, i) => [reps[i]!, d]),
        );
        return reshape(
          sum(
            copies,
            x.shape.map((_, i) => 2 * i),
          ),
          x.shape,
        );
      },
    }),
  },
  // Each gathered slice sends its gradient back to the row it came from; repeated indices add up.
  {
    kernelName: 'gather',
    gradient: (dy, { inputs: { x, indices }, attrs: { axis } }) => ({
      x: () => {
        const rows = [...x.shape.slice(0, axis), indices.size, ...x.shape.slice(axis + 1)];
        const ids = reshape(indices, [indices.size]);
        return unsortedSegmentSum(reshape(dy, rows), ids, x.shape[axis]!, axis);
      },
      indices: null,
    }),
  },
  // The adjoint of the segment sum gathers each slice's segment; dropped ids (out of range) get 0.
  {
    kernelName: 'unsortedSegmentSum',
    gradient: (dy, { inputs: { x, segmentIds }, attrs: { numSegments, axis } }) => ({
      x: () => {
        if (numSegments === 0) return zeros(x.shape);
        const inRange = logicalAnd(
          greaterEqual(segmentIds, 0),
          lessEqual(segmentIds, numSegments - 1),
        );
        const picked = gather(dy, clipByValue(segmentIds, 0, numSegments - 1), axis);
        const mask = reshape(
          inRange,
          x.shape.map((d, i) => (i === axis ? d : 1)),
        );
        return where(mask, picked, 0);
      },
      segmentIds: null,
    }),
  },
];
