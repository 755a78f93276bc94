import { runKernel } from '../engine/engine';
import { DTypeError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { broadcastShapes } from '../util/shape';
import { binaryOperands } from './binary';
import { defineOp, input, type TensorInput } from './op';

/**
 * Picks `a` where `condition` is true, else `b`; all three broadcast together.
 *
 * ```ts
 * const y = glia.where(glia.tensor([true, false]), glia.tensor([1, 2]), glia.tensor([10, 20]));
 * console.log(await y.array()); // [1, 20]
 * ```
 */
export const where = defineOp(
  'where(condition, a, b)',
  (condition: TensorInput, a: TensorInput, b: TensorInput): Tensor => {
    const c = input('where', 'condition', condition);
    if (c.dtype !== 'bool')
      throw new DTypeError(`where: 'condition' has dtype ${c.dtype}: expected bool`);
    const [ta, tb] = binaryOperands('where', a, b, 'compare');
    broadcastShapes('where', c.shape, broadcastShapes('where', ta.shape, tb.shape));
    return runKernel('where', { condition: c, a: ta, b: tb }, {});
  },
);
