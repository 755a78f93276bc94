import { runKernel } from '../engine/engine';
import { fmtShape, ShapeError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { arithmeticDType } from '../util/dtype';
import { broadcastShapes, sizeFromShape } from '../util/shape';
import { assertAllocatable } from '../util/size-limit';
import { broadcastTo } from './broadcast-onehot';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';
import { reshape } from './reshape';

/**
 * Matrix product of the last two dimensions, batched (and broadcast) over the leading ones.
 * Rank-1 operands are not accepted here; use `dot`.
 *
 * ```ts
 * const y = glia.matMul(glia.tensor([[1, 2], [3, 4]]), glia.tensor([[5], [6]]));
 * console.log(await y.array()); // [[17], [39]]
 * ```
 */
export const matMul = defineOp(
  'matMul(a, b, transposeA?, transposeB?)',
  (
    a: TensorInput,
    b: TensorInput,
    transposeA: boolean = false,
    transposeB: boolean = false,
  ): Tensor => {
    let ta = input('matMul', 'a', a);
    let tb = input('matMul', 'b', b);
    if (ta.rank < 2 || tb.rank < 2) {
      throw new ShapeError(
        `matMul: a is ${fmtShape(ta.shape)} and b is ${fmtShape(tb.shape)}: expected rank >= 2 for both (use dot for vectors)`,
      );
    }
    const dtype = arithmeticDType(ta.dtype, tb.dtype);
    ta = castTo(ta, dtype);
    tb = castTo(tb, dtype);
    const [m, k1] = transposeA
      ? [ta.shape[ta.rank - 1]!, ta.shape[ta.rank - 2]!]
      : [ta.shape[ta.rank - 2]!, ta.shape[ta.rank - 1]!];
    const [k2, n] = transposeB
      ? [tb.shape[tb.rank - 1]!, tb.shape[tb.rank - 2]!]
      : [tb.shape[tb.rank - 2]!, tb.shape[tb.rank - 1]!];
    if (k1 !== k2) {
      throw new ShapeError(
        `matMul: inner dimensions differ: a is ${fmtShape(ta.shape)}${transposeA ? ' (transposed)' : ''}, b is ${fmtShape(tb.shape)}${transposeB ? ' (transposed)' : ''}: ${k1} vs ${k2}`,
      );
    }
    const batch = broadcastShapes('matMul', ta.shape.slice(0, -2), tb.shape.slice(0, -2));
    assertAllocatable('matMul', [...batch, m, n], dtype);
    const batchSize = sizeFromShape(batch);
    const a3 = reshape(broadcastTo(ta, [...batch, ...ta.shape.slice(-2)]), [
      batchSize,
      ...ta.shape.slice(-2),
    ]);
    const b3 = reshape(broadcastTo(tb, [...batch, ...tb.shape.slice(-2)]), [
      batchSize,
      ...tb.shape.slice(-2),
    ]);
    const out = runKernel('batchMatMul', { a: a3, b: b3 }, { transposeA, transposeB });
    return reshape(out, [...batch, m, n]);
  },
);

/**
 * Dot product of vectors, or vector-matrix / matrix-vector / matrix-matrix products (ranks 1-2).
 *
 * ```ts
 * const v = glia.tensor([1, 2]);
 * console.log(await glia.dot(v, glia.tensor([3, 4])).array()); // 11
 * console.log(await glia.dot(glia.tensor([[1, 0], [2, 1]]), v).array()); // [1, 4]
 * ```
 */
export const dot = defineOp('dot(a, b)', (a: TensorInput, b: TensorInput): Tensor => {
  const ta = input('dot', 'a', a);
  const tb = input('dot', 'b', b);
  if (ta.rank < 1 || ta.rank > 2 || tb.rank < 1 || tb.rank > 2) {
    throw new ShapeError(
      `dot: a is ${fmtShape(ta.shape)} and b is ${fmtShape(tb.shape)}: expected rank 1 or 2 for both`,
    );
  }
  const a2 = ta.rank === 1 ? reshape(ta, [1, -1]) : ta;
  const b2 = tb.rank === 1 ? reshape(tb, [-1, 1]) : tb;
  if (a2.shape[1] !== b2.shape[0])
    throw new ShapeError(
      `dot: inner dimensions differ: a is ${fmtShape(ta.shape)}, b is ${fmtShape(tb.shape)}`,
    );
  const out = matMul(a2, b2);
  const shape = [
    ...(ta.rank === 2 ? [ta.shape[0]!] : []),
    ...(tb.rank === 2 ? [tb.shape[1]!] : []),
  ];
  return reshape(out, shape);
});

/**
 * Outer product of two vectors: [m] x [n] -> [m, n].
 *
 * ```ts
 * const y = glia.outer(glia.tensor([1, 2]), glia.tensor([3, 4, 5]));
 * console.log(await y.array()); // [[3, 4, 5], [6, 8, 10]]
 * ```
 */
export const outer = defineOp('outer(a, b)', (a: TensorInput, b: TensorInput): Tensor => {
  const ta = input('outer', 'a', a);
  const tb = input('outer', 'b', b);
  if (ta.rank !== 1 || tb.rank !== 1)
    throw new ShapeError(
      `outer: a is ${fmtShape(ta.shape)} and b is ${fmtShape(tb.shape)}: expected two vectors`,
    );
  return matMul(reshape(ta, [-1, 1]), reshape(tb, [1, -1]));
});
