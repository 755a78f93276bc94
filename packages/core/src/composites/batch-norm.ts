// Batch normalisation with given statistics, composed from elementwise primitives.
import { registerComposition } from '../engine/engine';
import { add, mul, sub } from '../ops/binary';
import { rsqrt } from '../ops/unary';

/**
 * (x - mean) * (scale / sqrt(variance + epsilon)) + offset. The factor is formed on the small
 * statistics tensors first, so x is touched by one sub, one mul and one add.
 */
registerComposition('batchNorm', ({ x, mean, variance, offset, scale }, { epsilon }) => {
  const factor = mul(rsqrt(add(variance, epsilon)), scale);
  return add(mul(sub(x, mean), factor), offset);
});
