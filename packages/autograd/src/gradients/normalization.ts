// batchNorm: y = (x - mean) · r · scale + offset with r = 1/√(variance + ε). Every parameter
// broadcasts against x, so each gradient is summed back to its own shape.
import { add, mul, neg, pow, rsqrt, sub } from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';
import { reduceTo } from './broadcast';

export const normalizationGradients: AnyGradientRule[] = [
  {
    kernelName: 'batchNorm',
    gradient: (dy, { inputs: { x, mean, variance, offset, scale }, attrs: { epsilon } }) => {
      const r = () => rsqrt(add(variance, epsilon));
      return {
        x: () => reduceTo(mul(dy, mul(r(), scale)), x.shape),
        mean: () => reduceTo(neg(mul(dy, mul(r(), scale))), mean.shape),
        // d r / d variance = -r³ / 2
        variance: () =>
          reduceTo(mul(mul(dy, mul(sub(x, mean), scale)), mul(pow(r(), 3), -0.5)), variance.shape),
        offset: () => reduceTo(dy, offset.shape),
        scale: () => reduceTo(mul(dy, mul(sub(x, mean), r())), scale.shape),
      };
    },
  },
];
