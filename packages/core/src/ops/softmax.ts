import { runKernel } from '../engine/engine';
import { ShapeError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxis } from '../util/shape';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';

function softmaxLike(
  kernel: 'softmax' | 'logSoftmax',
): (logits: TensorInput, axis?: number) => Tensor {
  return defineOp(`${kernel}(logits, axis?)`, (logits: TensorInput, axis: number = -1): Tensor => {
    const t = castTo(input(kernel, 'logits', logits), 'float32');
    if (t.rank === 0) throw new ShapeError(`${kernel}: logits is a scalar: expected rank >= 1`);
    return runKernel(kernel, { x: t }, { axis: normalizeAxis(kernel, axis, t.rank) });
  });
}

/**
 * exp(x) / sum(exp(x)) along `axis` (default last), shifted by the max so large logits do not overflow.
 *
 * ```ts
 * const y = glia.softmax(glia.tensor([1, 2, 3]));
 * console.log(await y.array()); // [0.0900, 0.2447, 0.6652]
 * ```
 */
export const softmax = softmaxLike('softmax');
/**
 * log(softmax(x)) along `axis`, computed stably.
 *
 * ```ts
 * const y = glia.logSoftmax(glia.tensor([1, 2, 3]));
 * console.log(await y.array()); // [-2.4076, -1.4076, -0.4076]
 * ```
 */
export const logSoftmax = softmaxLike('logSoftmax');
