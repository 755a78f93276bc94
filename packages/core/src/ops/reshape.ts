import { runKernel } from '../engine/engine';
import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { sizeFromShape } from '../util/shape';
import { defineOp, input, type TensorInput } from './op';

/** Resolves one -1 in `shape` against `size`; errors name the op and both shapes. */
export function inferReshape(
  op: string,
  from: readonly number[],
  shape: readonly number[],
): number[] {
  const size = sizeFromShape(from);
  const out = [...shape];
  const unknown = out.indexOf(-1);
  if (out.filter((d) => d === -1).length > 1)
    throw new ValueError(`${op}: shape ${fmtShape(shape)} has more than one -1`);
  for (const d of out) {
    if (!Number.isInteger(d) || d < -1)
      throw new ValueError(`${op}: shape ${fmtShape(shape)} has an invalid dimension ${d}`);
  }
  if (unknown >= 0) {
    const known = sizeFromShape(out.filter((d) => d !== -1));
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(
        `${op}: cannot reshape ${fmtShape(from)} (size ${size}) to ${fmtShape(shape)}: ${size} is not a multiple of ${known}`,
      );
    }
    out[unknown] = size / known;
  }
  if (sizeFromShape(out) !== size) {
    throw new ShapeError(
      `${op}: cannot reshape ${fmtShape(from)} (size ${size}) to ${fmtShape(shape)} (size ${sizeFromShape(out)})`,
    );
  }
  return out;
}

/**
 * The same values under a new shape; one dimension may be -1 (inferred). No copy.
 *
 * ```ts
 * const y = glia.reshape(glia.tensor([1, 2, 3, 4, 5, 6]), [2, -1]);
 * console.log(await y.array()); // [[1, 2, 3], [4, 5, 6]]
 * ```
 */
export const reshape = defineOp(
  'reshape(x, shape)',
  (x: TensorInput, shape: readonly number[]): Tensor => {
    const t = input('reshape', 'x', x);
    return runKernel('reshape', { x: t }, { shape: inferReshape('reshape', t.shape, shape) });
  },
);

/**
 * Reshapes to 1-D.
 *
 * ```ts
 * const y = glia.flatten(glia.tensor([[1, 2], [3, 4]]));
 * console.log(await y.array()); // [1, 2, 3, 4]
 * ```
 */
export const flatten = defineOp('flatten(x)', (x: TensorInput): Tensor => reshape(x, [-1]));

/**
 * Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).
 *
 * ```ts
 * const x = glia.tensor([1, 2]);
 * console.log(glia.expandDims(x).shape, glia.expandDims(x, -1).shape); // [1, 2] [2, 1]
 * ```
 */
export const expandDims = defineOp(
  'expandDims(x, axis?)',
  (x: TensorInput, axis: number = 0): Tensor => {
    const t = input('expandDims', 'x', x);
    const rank = t.rank + 1;
    if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
      throw new ValueError(
        `expandDims: axis ${axis} is out of range for input ${fmtShape(t.shape)}: expected an integer in [${-rank}, ${rank - 1}]`,
      );
    }
    const a = axis < 0 ? axis + rank : axis;
    const shape = [...t.shape];
    shape.splice(a, 0, 1);
    return reshape(t, shape);
  },
);

/**
 * Removes dimensions of size 1 (all of them, or those in `axes`, which must have size 1).
 *
 * ```ts
 * const y = glia.squeeze(glia.tensor([[[1], [2]]]));
 * console.log(y.shape, await y.array()); // [2] [1, 2]
 * ```
 */
export const squeeze = defineOp(
  'squeeze(x, axes?)',
  (x: TensorInput, axes?: readonly number[]): Tensor => {
    const t = input('squeeze', 'x', x);
    const drop = new Set<number>();
    if (axes === undefined) {
      t.shape.forEach((d, i) => {
        if (d === 1) drop.add(i);
      });
    } else {
      for (const axis of axes) {
        if (!Number.isInteger(axis) || axis < -t.rank || axis >= t.rank) {
          throw new ValueError(
            `squeeze: axis ${axis} is out of range for input ${fmtShape(t.shape)}`,
          );
        }
        const a = axis < 0 ? axis + t.rank : axis;
        if (t.shape[a] !== 1)
          throw new ShapeError(
            `squeeze: dimension ${a} of input ${fmtShape(t.shape)} is ${t.shape[a]}: expected 1`,
          );
        drop.add(a);
      }
    }
    return reshape(
      t,
      t.shape.filter((_, i) => !drop.has(i)),
    );
  },
);
