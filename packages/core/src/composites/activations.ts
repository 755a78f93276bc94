// Activation functions and clipping, composed from elementwise primitives.
import { registerComposition } from '../engine/engine';
import { GELU_TANH_CUBIC, SELU_ALPHA, SELU_SCALE } from '../kernels/activation-constants';
import { add, greater, maximum, minimum, mul, sub } from '../ops/binary';
import { abs, erf, exp, expm1, log1p, neg, relu, square, tanh } from '../ops/unary';
import { where } from '../ops/where';
import type { Tensor } from '../tensor/tensor';

/** The smallest and largest int32: int32 clip bounds are clamped here before becoming int32 scalars. */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** `x > 0 ? x : negative`; `where` (not max) so NaN inputs give NaN through `negative`. */
function positivePart(x: Tensor, negative: Tensor): Tensor {
  return where(greater(x, 0), x, negative);
}

// maximum and minimum propagate NaN, which relu6 must keep.
registerComposition('relu6', ({ x }) => minimum(maximum(x, 0), 6));

// `where`, not max(x, alpha*x): that identity only holds for alpha <= 1.
registerComposition('leakyRelu', ({ x }, { alpha }) => positivePart(x, mul(x, alpha)));

// expm1 keeps the negative side accurate near 0.
registerComposition('elu', ({ x }) => positivePart(x, expm1(x)));

registerComposition('selu', ({ x }) => mul(positivePart(x, mul(expm1(x), SELU_ALPHA)), SELU_SCALE));

/**
 * Exact: x/2 (1 + erf(x/√2)). Approximate (Hendrycks and Gimpel's tanh form, as TF and PyTorch
 * 'tanh'): x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))).
 */
registerComposition('gelu', ({ x }, { approximate }) => {
  const inner = approximate
    ? tanh(mul(add(x, mul(mul(square(x), x), GELU_TANH_CUBIC)), Math.sqrt(2 / Math.PI)))
    : erf(mul(x, Math.SQRT1_2));
  return mul(mul(x, 0.5), add(inner, 1));
});

/**
 * log(1 + eˣ) = max(x, 0) + log1p(e^-|x|): the exponent is never positive, so nothing overflows for
 * large x, and log1p keeps the tail accurate for very negative x.
 */
registerComposition('softplus', ({ x }) => add(relu(x), log1p(exp(neg(abs(x))))));

/**
 * max then min, which propagate NaN. For int32 the bounds are rounded inwards and clamped to the
 * int32 range first, since converting them to int32 scalars would otherwise truncate (-Infinity to 0).
 */
registerComposition('clipByValue', ({ x }, { min, max }) => {
  const [lo, hi] =
    x.dtype === 'int32'
      ? [
          Math.min(Math.max(Math.ceil(min), INT32_MIN), INT32_MAX),
          Math.max(Math.min(Math.floor(max), INT32_MAX), INT32_MIN),
        ]
      : [min, max];
  return minimum(maximum(x, lo), hi);
});

// Keeps int32 as int32, as the op promises.
registerComposition('squaredDifference', ({ a, b }) => square(sub(a, b)));
