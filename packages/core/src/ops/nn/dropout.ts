import { makeTensor, runKernel } from '../../engine/engine';
import { ValueError } from '../../errors';
import { prngFor } from '../../random/prng';
import type { Tensor } from '../../tensor/tensor';
import { castTo } from '../cast';
import { defineOp, input, type TensorInput } from '../op';

/**
 * Zeroes each element with probability `rate` and scales the rest by 1/(1-rate) (inverted dropout).
 * The mask is drawn on the host from the seeded generator, so a seed gives the same mask everywhere.
 *
 * ```ts
 * const x = glia.ones([1000]);
 * const y = glia.dropout(x, 0.5, 42); // each element is 0 or 1 / (1 - 0.5) = 2
 * console.log(await glia.max(y).array(), await glia.min(y).array()); // 2 0
 * console.log(await glia.all(glia.equal(y, glia.dropout(x, 0.5, 42))).array()); // true
 * ```
 */
export const dropout = defineOp(
  'dropout(x, rate, seed?)',
  (x: TensorInput, rate: number, seed?: number): Tensor => {
    const t = castTo(input('dropout', 'x', x), 'float32');
    if (!(rate >= 0 && rate < 1))
      throw new ValueError(`dropout: rate must be in [0, 1), got ${rate}`);
    if (rate === 0) return t.clone();
    const prng = prngFor(seed);
    const mask = new Float32Array(t.size);
    const keepScale = 1 / (1 - rate);
    for (let i = 0; i < mask.length; i++) mask[i] = prng.nextFloat() >= rate ? keepScale : 0;
    return runKernel('mul', { a: t, b: makeTensor(mask, t.shape, 'float32') }, {});
  },
);
