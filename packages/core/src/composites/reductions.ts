// mean, logSumExp and moments, composed from the sum and max reductions.
import { registerComposition } from '../engine/engine';
import { add, div, squaredDifference, sub } from '../ops/binary';
import { max, mean, sum } from '../ops/reduce';
import { reshape } from '../ops/reshape';
import { exp, isFinite as isFiniteTensor, log } from '../ops/unary';
import { where } from '../ops/where';
import { reducedShape, sizeFromShape } from '../util/shape';

/** sum / count; a reduction over an empty axis is 0 / 0 = NaN, as NumPy and TF give. */
registerComposition('mean', ({ x }, { axes }) => {
  const count = sizeFromShape(axes.map((a) => x.shape[a]!));
  return div(sum(x, axes), count);
});

/**
 * log(sum(exp(x - m))) + m with m the max, so exp never overflows. Where m is not finite the shift
 * is 0 instead: for a row of -Infinity, x - m would be -Inf - -Inf = NaN, while exp(x) sums to 0 and
 * gives the right -Infinity; a +Infinity or NaN in the row still comes out as +Infinity or NaN.
 */
registerComposition('logSumExp', ({ x }, { axes }) => {
  const rowMax = max(x, axes, true);
  const shift = where(isFiniteTensor(rowMax), rowMax, 0);
  const summed = sum(exp(sub(x, shift)), axes);
  return add(log(summed), reshape(shift, reducedShape(x.shape, axes, false)));
});

/**
 * Two passes (mean, then the mean of squared deviations) rather than E[x²] - E[x]², which cancels
 * catastrophically in float32 when the mean is large next to the spread.
 */
registerComposition('moments', ({ x }, { axes }) => {
  const meanKept = mean(x, axes, true);
  const variance = mean(squaredDifference(x, meanKept), axes);
  return [reshape(meanKept, reducedShape(x.shape, axes, false)), variance];
});
