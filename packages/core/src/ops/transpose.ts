import { runKernel } from '../engine/engine';
import { fmtShape, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { defineOp, input, type TensorInput } from './op';

/**
 * Permutes dimensions: output dimension i is input dimension perm[i] (reversed when omitted).
 *
 * ```ts
 * const y = glia.transpose(glia.tensor([[1, 2, 3], [4, 5, 6]]));
 * console.log(await y.array()); // [[1, 4], [2, 5], [3, 6]]
 * ```
 */
export const transpose = defineOp(
  'transpose(x, perm?)',
  (x: TensorInput, perm?: readonly number[]): Tensor => {
    const t = input('transpose', 'x', x);
    const p = perm ? [...perm] : t.shape.map((_, i) => t.rank - 1 - i);
    const sorted = [...p].sort((a, b) => a - b);
    if (p.length !== t.rank || sorted.some((v, i) => v !== i)) {
      throw new ValueError(
        `transpose: perm [${p.join(',')}] is not a permutation of the ${t.rank} dimensions of input ${fmtShape(t.shape)}`,
      );
    }
    if (p.every((v, i) => v === i)) return t.clone();
    return runKernel('transpose', { x: t }, { perm: p });
  },
);
