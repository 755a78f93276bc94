import { runKernel } from '../engine/engine';
import { ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxis } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { int32Indices } from './check-args';
import { defineOp, input, type TensorInput } from './op';

/**
 * Picks slices of `x` along `axis` by int32 `indices` (any shape; float indices are a DTypeError):
 * output shape is x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:].
 *
 * ```ts
 * const y = glia.gather(glia.tensor([10, 20, 30]), glia.tensor([2, 0], undefined, 'int32'));
 * console.log(await y.array()); // [30, 10]
 * ```
 */
export const gather = defineOp(
  'gather(x, indices, axis?)',
  (x: TensorInput, indices: TensorInput, axis: number = 0): Tensor => {
    const t = input('gather', 'x', x);
    const idx = int32Indices('gather', 'indices', indices);
    if (t.rank === 0) throw new ValueError('gather: x is a scalar: expected rank >= 1');
    const a = normalizeAxis('gather', axis, t.rank);
    assertAllocatable(
      'gather',
      [...t.shape.slice(0, a), ...idx.shape, ...t.shape.slice(a + 1)],
      t.dtype,
    );
    return runKernel('gather', { x: t, indices: idx }, { axis: a });
  },
);

/**
 * Sums slices of `x` along `axis` into `numSegments` rows by int32 `segmentIds` (1-D, one per slice);
 * ids outside [0, numSegments) are dropped. The gradient of `gather`.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4]);
 * const ids = glia.tensor([0, 1, 0, 1], undefined, 'int32');
 * console.log(await glia.unsortedSegmentSum(x, ids, 2).array()); // [4, 6]
 * ```
 */
export const unsortedSegmentSum = defineOp(
  'unsortedSegmentSum(x, segmentIds, numSegments, axis?)',
  (x: TensorInput, segmentIds: TensorInput, numSegments: number, axis: number = 0): Tensor => {
    const t = input('unsortedSegmentSum', 'x', x);
    const ids = int32Indices('unsortedSegmentSum', 'segmentIds', segmentIds);
    const a = normalizeAxis('unsortedSegmentSum', axis, t.rank);
    if (ids.rank !== 1 || ids.shape[0] !== t.shape[a]) {
      throw new ValueError(
        `unsortedSegmentSum: segmentIds has shape [${ids.shape.join(',')}]: expected [${t.shape[a]}] (dimension ${a} of x [${t.shape.join(',')}])`,
      );
    }
    if (!Number.isInteger(numSegments) || numSegments < 0)
      throw new ValueError(
        `unsortedSegmentSum: numSegments must be a non-negative integer, got ${numSegments}`,
      );
    assertAllocatable(
      'unsortedSegmentSum',
      t.shape.map((d, i) => (i === a ? numSegments : d)),
      t.dtype,
    );
    return runKernel('unsortedSegmentSum', { x: t, segmentIds: ids }, { numSegments, axis: a });
  },
);
