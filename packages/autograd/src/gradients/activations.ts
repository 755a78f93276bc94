// Activation and softmax kernels. They are composite kernels, recorded as one step each, so each has
// its own rule rather than the rules of the primitives it is composed of.
import {
  add,
  cast,
  erf,
  exp,
  GELU_TANH_CUBIC,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  mul,
  SELU_ALPHA,
  SELU_SCALE,
  sigmoid,
  square,
  sub,
  sum,
  type Tensor,
  tanh,
  where,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

const passWhere = (condition: Tensor, dy: Tensor): Tensor => mul(dy, cast(condition, 'float32'));

export const activationGradients: AnyGradientRule[] = [
  {
    kernelName: 'relu6',
    gradient: (dy, { inputs: { x } }) => ({
      x: () => passWhere(logicalAnd(greater(x, 0), less(x, 6)), dy),
    }),
  },
  {
    kernelName: 'leakyRelu',
    gradient: (dy, { inputs: { x }, attrs: { alpha } }) => ({
      x: () => where(greater(x, 0), dy, mul(dy, alpha)),
    }),
  },
  // For x <= 0, elu(x) = eˣ - 1, whose derivative is eˣ.
  {
    kernelName: 'elu',
    gradient: (dy, { inputs: { x } }) => ({ x: () => where(greater(x, 0), dy, mul(dy, exp(x))) }),
  },
  {
    kernelName: 'selu',
    gradient: (dy, { inputs: { x } }) => ({
      x: () => mul(where(greater(x, 0), dy, mul(dy, mul(exp(x), SELU_ALPHA))), SELU_SCALE),
    }),
  },
  /**
   * Exact: d[x Φ(x)] = Φ(x) + x φ(x). Approximate: with u = √(2/π)(x + 0.044715 x³) and t = tanh u,
   * d[x/2 (1 + t)] = (1 + t)/2 + x/2 (1 - t²) √(2/π) (1 + 3·0.044715 x²).
   */
  {
    kernelName: 'gelu',
    gradient: (dy, { inputs: { x }, attrs: { approximate } }) => ({
      x: () => {
        if (!approximate) {
          const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
          const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
          return mul(dy, add(cdf, mul(x, pdf)));
        }
        const c = Math.sqrt(2 / Math.PI);
        const t = tanh(mul(add(x, mul(mul(square(x), x), GELU_TANH_CUBIC)), c));
        const du = mul(add(mul(square(x), 3 * GELU_TANH_CUBIC), 1), c);
        const slope = add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), sub(1, square(t))), du));
        return mul(dy, slope);
      },
    }),
  },
  {
    kernelName: 'softplus',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(dy, sigmoid(x)) }),
  },
  // Inside [min, max] (bounds included, as TF) the gradient passes; outside it is 0.
  {
    kernelName: 'clipByValue',
    gradient: (dy, { inputs: { x }, attrs: { min, max } }) => ({
      x: () => passWhere(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy),
    }),
  },
  // dx = y (dy - Σ dy·y) along the axis.
  {
    kernelName: 'softmax',
    gradient: (dy, { attrs: { axis }, output: y }) => ({
      x: () => mul(y, sub(dy, sum(mul(dy, y), axis, true))),
    }),
  },
  // dx = dy - softmax(x) Σ dy, and softmax(x) = exp(logSoftmax(x)).
  {
    kernelName: 'logSoftmax',
    gradient: (dy, { attrs: { axis }, output: y }) => ({
      x: () => sub(dy, mul(exp(y), sum(dy, axis, true))),
    }),
  },
];
