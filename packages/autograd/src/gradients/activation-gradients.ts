// The elementwise gradient kernels of relu, sigmoid and tanh, differentiated again (second-order
// gradients). Each is linear in dy, so its adjoint in dy is the same kernel applied to g.
import { mul, reluGrad, sigmoidGrad, sub, tanhGrad } from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

export const activationGradientGradients: AnyGradientRule[] = [
  // Whether x > 0 is piecewise constant in x, so x gets no gradient.
  {
    kernelName: 'reluGrad',
    gradient: (g, { inputs: { x } }) => ({ dy: () => reluGrad(g, x), x: null }),
  },
  // d[dy y (1 - y)]/dy = dy (1 - 2y).
  {
    kernelName: 'sigmoidGrad',
    gradient: (g, { inputs: { dy, y } }) => ({
      dy: () => sigmoidGrad(g, y),
      y: () => mul(mul(g, dy), sub(1, mul(y, 2))),
    }),
  },
  // d[dy (1 - y²)]/dy = -2 dy y.
  {
    kernelName: 'tanhGrad',
    gradient: (g, { inputs: { dy, y } }) => ({
      dy: () => tanhGrad(g, y),
      y: () => mul(mul(g, dy), mul(y, -2)),
    }),
  },
];
