import { runKernel } from '../../engine/engine';
import { ValueError } from '../../errors';
import { scalar } from '../../tensor/create';
import type { Tensor } from '../../tensor/tensor';
import { broadcastShapes } from '../../util/shape';
import { castTo } from '../cast';
import { defineOp, input, type TensorInput } from '../op';

/**
 * Batch normalisation with given statistics: (x - mean) / sqrt(variance + epsilon) * scale + offset.
 * `mean`, `variance`, `offset` and `scale` broadcast against `x` (typically shape [channels]).
 *
 * ```ts
 * const x = glia.tensor([[1, 2], [3, 4]]);
 * const y = glia.batchNorm(x, glia.tensor([2, 3]), glia.tensor([4, 1]), {
 *   offset: glia.tensor([1, 0]),
 *   epsilon: 0,
 * });
 * console.log(await y.array()); // [[0.5, -1], [1.5, 1]]
 * ```
 */
export const batchNorm = defineOp(
  'batchNorm(x, mean, variance, { offset?, scale?, epsilon? })',
  (
    x: TensorInput,
    mean: TensorInput,
    variance: TensorInput,
    options: { offset?: TensorInput; scale?: TensorInput; epsilon?: number } = {},
  ): Tensor => {
    const f = (name: string, v: TensorInput): Tensor =>
      castTo(input('batchNorm', name, v), 'float32');
    const xs = f('x', x);
    const m = f('mean', mean);
    const v = f('variance', variance);
    const offset = options.offset === undefined ? scalar(0) : f('offset', options.offset);
    const scale = options.scale === undefined ? scalar(1) : f('scale', options.scale);
    const epsilon = options.epsilon ?? 1e-3;
    if (!(epsilon >= 0)) throw new ValueError(`batchNorm: epsilon must be >= 0, got ${epsilon}`);
    for (const [name, t] of [
      ['mean', m],
      ['variance', v],
      ['offset', offset],
      ['scale', scale],
    ] as const) {
      const shape = broadcastShapes(`batchNorm (${name})`, xs.shape, t.shape);
      if (shape.length !== xs.rank || shape.some((d, i) => d !== xs.shape[i])) {
        throw new ValueError(
          `batchNorm: ${name} of shape [${t.shape.join(',')}] would broadcast x [${xs.shape.join(',')}] to [${shape.join(',')}]: expected it to fit x`,
        );
      }
    }
    return runKernel('batchNorm', { x: xs, mean: m, variance: v, offset, scale }, { epsilon });
  },
);
