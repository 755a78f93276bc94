/**
 * `tensor1d` to `tensor4d`, as TF.js has them: `tensor` with the rank stated, so a wrongly nested
 * array or a shape of the wrong rank fails at once, naming the function, before anything is
 * allocated.
 */
import { fmtShape, ShapeError } from '../errors';
import { withForm } from '../ops/op-form';
import type { DType, NestedArray, Shape, TensorLike, TypedArray } from '../types';
import { tensor } from './create';
import type { Tensor } from './tensor';

/** How deeply `values` nests (a typed array counts as one level; a number as none). */
function nesting(values: TensorLike | number | boolean): number {
  if (ArrayBuffer.isView(values)) return 1;
  let depth = 0;
  let level: unknown = values;
  while (Array.isArray(level)) {
    depth++;
    if (level.length === 0) break;
    level = level[0];
  }
  return depth;
}

function ranked(
  op: string,
  rank: number,
  values: TensorLike,
  shape: Shape | undefined,
  dtype: DType | undefined,
): Tensor {
  if (shape !== undefined && shape.length !== rank) {
    throw new ShapeError(
      `${op}: shape ${fmtShape(shape)} has rank ${shape.length}: expected rank ${rank}`,
    );
  }
  const depth = nesting(values);
  // A flat list with its shape is fine; otherwise the nesting states the rank.
  if (!(shape !== undefined && depth === 1) && depth !== rank) {
    throw new ShapeError(
      `${op}: values nest ${depth} level${depth === 1 ? '' : 's'} deep: expected ${rank}${rank > 1 ? ', or a flat list with a shape' : ''}`,
    );
  }
  return tensor(values, shape, dtype);
}

/**
 * A rank-1 tensor.
 *
 * ```ts
 * const t = glia.tensor1d([1, 2, 3]);
 * console.log(t.shape, await t.array()); // [3] [1, 2, 3]
 * ```
 */
export const tensor1d = withForm(
  'tensor1d(values, dtype?)',
  (values: readonly (number | boolean)[] | TypedArray, dtype?: DType): Tensor => {
    return ranked('tensor1d', 1, values, undefined, dtype);
  },
);

/**
 * A rank-2 tensor, from nested arrays or a flat list with its shape.
 *
 * ```ts
 * console.log(await glia.tensor2d([[1, 2], [3, 4]]).array()); // [[1, 2], [3, 4]]
 * console.log(await glia.tensor2d([1, 2, 3, 4], [2, 2]).array()); // [[1, 2], [3, 4]]
 * ```
 */
export const tensor2d = withForm(
  'tensor2d(values, shape?, dtype?)',
  (values: NestedArray | TypedArray, shape?: [number, number], dtype?: DType): Tensor => {
    return ranked('tensor2d', 2, values, shape, dtype);
  },
);

/**
 * A rank-3 tensor, from nested arrays or a flat list with its shape.
 *
 * ```ts
 * const t = glia.tensor3d([1, 2, 3, 4], [1, 2, 2]);
 * console.log(t.shape, await t.array()); // [1, 2, 2] [[[1, 2], [3, 4]]]
 * ```
 */
export const tensor3d = withForm(
  'tensor3d(values, shape?, dtype?)',
  (values: NestedArray | TypedArray, shape?: [number, number, number], dtype?: DType): Tensor => {
    return ranked('tensor3d', 3, values, shape, dtype);
  },
);

/**
 * A rank-4 tensor (a batch of NHWC images), from nested arrays or a flat list with its shape.
 *
 * ```ts
 * const images = glia.tensor4d(new Float32Array(2 * 28 * 28), [2, 28, 28, 1]);
 * console.log(images.shape, images.rank); // [2, 28, 28, 1] 4
 * ```
 */
export const tensor4d = withForm(
  'tensor4d(values, shape?, dtype?)',
  (
    values: NestedArray | TypedArray,
    shape?: [number, number, number, number],
    dtype?: DType,
  ): Tensor => {
    return ranked('tensor4d', 4, values, shape, dtype);
  },
);
