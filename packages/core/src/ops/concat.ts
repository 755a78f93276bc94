import { runKernel } from '../engine/engine';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxis } from '../util/shape';
import { defineOp, input, type TensorInput } from './op';
import { expandDims, reshape } from './reshape';
import { split } from './slice';

/** The tensors of a list argument, converted; the list must not be empty. */
function tensorList(op: 'concat' | 'stack', tensors: readonly TensorInput[]): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new ValueError(`${op}: expected a non-empty array of tensors`);
  return tensors.map((x, i) => input(op, `tensors[${i}]`, x));
}

/** Throws unless every tensor has the first one's shape, except in dimension `except`. */
function assertShapesMatch(op: 'concat' | 'stack', ts: readonly Tensor[], except?: number): void {
  const first = ts[0]!;
  ts.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== except && d !== first.shape[j])) {
      const expected =
        except === undefined ? 'equal shapes' : `equal dimensions except axis ${except}`;
      throw new ShapeError(
        `${op}: tensors[${i}] has shape ${fmtShape(t.shape)}, tensors[0] has ${fmtShape(first.shape)}: expected ${expected}`,
      );
    }
  });
}

/**
 * Joins tensors along an existing `axis`; all other dimensions and the dtypes must match.
 *
 * ```ts
 * const y = glia.concat([glia.tensor([[1, 2]]), glia.tensor([[3, 4]])], 0);
 * console.log(await y.array()); // [[1, 2], [3, 4]]
 * ```
 */
export const concat = defineOp(
  'concat(tensors, axis?)',
  (tensors: readonly TensorInput[], axis: number = 0): Tensor => {
    const ts = tensorList('concat', tensors);
    const first = ts[0]!;
    const a = normalizeAxis('concat', axis, first.rank);
    ts.forEach((t, i) => {
      if (t.dtype !== first.dtype)
        throw new DTypeError(
          `concat: tensors[${i}] has dtype ${t.dtype}, tensors[0] has ${first.dtype}: expected equal dtypes`,
        );
    });
    assertShapesMatch('concat', ts, a);
    if (first.rank === 0)
      throw new ShapeError('concat: inputs are scalars: expected rank >= 1 (use stack)');
    if (ts.length === 1) return first.clone();
    return runKernel('concat', { tensors: ts }, { axis: a });
  },
);

/**
 * Stacks equal-shaped tensors along a new `axis`.
 *
 * ```ts
 * const a = glia.tensor([1, 2]);
 * const b = glia.tensor([3, 4]);
 * console.log(await glia.stack([a, b]).array()); // [[1, 2], [3, 4]]
 * console.log(await glia.stack([a, b], 1).array()); // [[1, 3], [2, 4]]
 * ```
 */
export const stack = defineOp(
  'stack(tensors, axis?)',
  (tensors: readonly TensorInput[], axis: number = 0): Tensor => {
    const ts = tensorList('stack', tensors);
    assertShapesMatch('stack', ts);
    return concat(
      ts.map((t) => expandDims(t, axis)),
      axis,
    );
  },
);

/**
 * Splits along `axis` into tensors of one less rank.
 *
 * ```ts
 * const [a, b] = glia.unstack(glia.tensor([[1, 2], [3, 4]]));
 * console.log(await a.array(), await b.array()); // [1, 2] [3, 4]
 * ```
 */
export const unstack = defineOp(
  'unstack(x, axis?)',
  (x: TensorInput, axis: number = 0): Tensor[] => {
    const t = input('unstack', 'x', x);
    const a = normalizeAxis('unstack', axis, t.rank);
    const rest = t.shape.filter((_, i) => i !== a);
    if (t.shape[a] === 0) return [];
    return split(t, t.shape[a]!, a).map((p) => reshape(p, rest));
  },
);
