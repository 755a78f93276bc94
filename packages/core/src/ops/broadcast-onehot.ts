import { runKernel } from '../engine/engine';
import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { assertValidShape, shapesEqual } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { int32Indices } from './check-args';
import { defineOp, input, type TensorInput } from './op';

/**
 * Broadcasts `x` to `shape` by NumPy's rules (leading dims added, size-1 dims repeated).
 *
 * ```ts
 * const y = glia.broadcastTo(glia.tensor([1, 2]), [2, 2]);
 * console.log(await y.array()); // [[1, 2], [1, 2]]
 * ```
 */
export const broadcastTo = defineOp(
  'broadcastTo(x, shape)',
  (x: TensorInput, shape: readonly number[]): Tensor => {
    const t = input('broadcastTo', 'x', x);
    assertValidShape('broadcastTo', shape);
    if (shape.length < t.rank)
      throw new ShapeError(
        `broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}: target has lower rank`,
      );
    const offset = shape.length - t.rank;
    t.shape.forEach((d, i) => {
      if (d !== 1 && d !== shape[i + offset]) {
        throw new ShapeError(
          `broadcastTo: cannot broadcast ${fmtShape(t.shape)} to ${fmtShape(shape)}: dimension ${i} is ${d}, expected 1 or ${shape[i + offset]}`,
        );
      }
    });
    if (shapesEqual(t.shape, shape)) return t.clone();
    assertAllocatable('broadcastTo', shape, t.dtype);
    return runKernel('broadcastTo', { x: t }, { shape: [...shape] });
  },
);

/**
 * One-hot float32 encoding of int32 `indices` (float or bool indices are a DTypeError, as TF.js): shape [...indices.shape, depth]; indices outside
 * [0, depth) give a row of `offValue`.
 *
 * ```ts
 * const y = glia.oneHot(glia.tensor([0, 2, 5], undefined, 'int32'), 3);
 * console.log(await y.array()); // [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
 * ```
 */
export const oneHot = defineOp(
  'oneHot(indices, depth, onValue?, offValue?)',
  (indices: TensorInput, depth: number, onValue: number = 1, offValue: number = 0): Tensor => {
    const idx = int32Indices('oneHot', 'indices', indices);
    if (!Number.isInteger(depth) || depth < 0)
      throw new ValueError(`oneHot: depth must be a non-negative integer, got ${depth}`);
    assertAllocatable('oneHot', [...idx.shape, depth], 'float32');
    return runKernel('oneHot', { indices: idx }, { depth, onValue, offValue });
  },
);
