import { runKernel } from '../engine/engine';
import { ShapeError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { normalizeAxis } from '../util/shape';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';

function softmaxLike(
  kernel: 'softmax' | 'logSoftmax',
): (logits: TensorInput, axis?: number) => Tensor {
  return defineOp(kernel, (logits: TensorInput, axis: number = -1): Tensor => {
    const t = castTo(input(kernel, 'logits', logits), 'float32');
    if (t.rank === 0) throw new ShapeError(`${kernel}: logits is a scalar: expected rank >= 1`);
    return runKernel(kernel, { x: t }, { axis: normalizeAxis(kernel, axis, t.rank) });
  });
}

/**
 * exp(x) / sum(exp(x)) along `axis` (default last), shifted by the max so large logits do not overflow.
 *
 * ```ts
 * softmax(tensor([1, 2, 3])); // [0.090, 0.245, 0.665]
 * ```
 */
export const softmax = softmaxLike('softmax');
/** log(softmax(x)) along `axis`, computed stably. */
export const logSoftmax = softmaxLike('logSoftmax');
