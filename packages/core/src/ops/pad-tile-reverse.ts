import { runKernel } from '../engine/engine';
import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxes } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { defineOp, input, type TensorInput } from './op';

/**
 * Pads each dimension with [before, after] cells of `constantValue`.
 *
 * ```ts
 * const y = glia.pad(glia.tensor([1, 2]), [[1, 2]]);
 * console.log(await y.array()); // [0, 1, 2, 0, 0]
 * ```
 */
export const pad = defineOp(
  'pad(x, paddings, constantValue?)',
  (
    x: TensorInput,
    paddings: readonly (readonly [number, number])[],
    constantValue: number = 0,
  ): Tensor => {
    const t = input('pad', 'x', x);
    if (
      !Array.isArray(paddings) ||
      paddings.length !== t.rank ||
      paddings.some(
        (p) => !Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0),
      )
    ) {
      throw new ValueError(
        `pad: paddings ${JSON.stringify(paddings)} are invalid for input ${fmtShape(t.shape)}: expected ${t.rank} pairs [before, after] of non-negative integers`,
      );
    }
    assertAllocatable(
      'pad',
      t.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]),
      t.dtype,
    );
    return runKernel(
      'pad',
      { x: t },
      { paddings: paddings.map((p) => [p[0], p[1]] as [number, number]), constantValue },
    );
  },
);

/**
 * Repeats `x` reps[i] times along dimension i.
 *
 * ```ts
 * const y = glia.tile(glia.tensor([[1, 2]]), [2, 2]);
 * console.log(await y.array()); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 * ```
 */
export const tile = defineOp('tile(x, reps)', (x: TensorInput, reps: readonly number[]): Tensor => {
  const t = input('tile', 'x', x);
  if (
    !Array.isArray(reps) ||
    reps.length !== t.rank ||
    reps.some((r) => !Number.isInteger(r) || r < 0)
  ) {
    throw new ShapeError(
      `tile: reps [${String(reps)}] are invalid for input ${fmtShape(t.shape)}: expected ${t.rank} non-negative integers`,
    );
  }
  assertAllocatable(
    'tile',
    t.shape.map((d, i) => d * reps[i]!),
    t.dtype,
  );
  return runKernel('tile', { x: t }, { reps: [...reps] });
});

/**
 * Reverses the order of elements along `axis` (all axes when omitted).
 *
 * ```ts
 * const x = glia.tensor([[1, 2], [3, 4]]);
 * console.log(await glia.reverse(x, 1).array()); // [[2, 1], [4, 3]]
 * console.log(await glia.reverse(x).array()); // [[4, 3], [2, 1]]
 * ```
 */
export const reverse = defineOp(
  'reverse(x, axis?)',
  (x: TensorInput, axis?: number | readonly number[]): Tensor => {
    const t = input('reverse', 'x', x);
    const axes = normalizeAxes('reverse', axis, t.rank);
    if (axes.length === 0) return t.clone();
    return runKernel('reverse', { x: t }, { axes });
  },
);
