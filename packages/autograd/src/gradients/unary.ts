// Elementwise unary kernels: dx = dy * f'(x), written with the kernel's input x or output y.
import {
  add,
  cos,
  div,
  exp,
  mul,
  neg,
  reluGrad,
  sigmoidGrad,
  sign,
  sin,
  square,
  tanhGrad,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

export const unaryGradients: AnyGradientRule[] = [
  { kernelName: 'neg', gradient: (dy) => ({ x: () => neg(dy) }) },
  // sign(x) is 0 at 0, so |x| gets the subgradient 0 at its kink, as in TF.
  {
    kernelName: 'abs',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(dy, sign(x)) }),
  },
  {
    kernelName: 'square',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(dy, mul(x, 2)) }),
  },
  // 0 at x = 0, as TF. reluGrad, sigmoidGrad and tanhGrad are kernels, so a backend can fuse each
  // into one pass; their compositions are dy * float(x > 0), dy * (y * (1 - y)), dy * (1 - y²).
  {
    kernelName: 'relu',
    gradient: (dy, { inputs: { x } }) => ({ x: () => reluGrad(dy, x) }),
  },
  {
    kernelName: 'exp',
    gradient: (dy, { output: y }) => ({ x: () => mul(dy, y) }),
  },
  {
    kernelName: 'expm1',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(dy, exp(x)) }),
  },
  {
    kernelName: 'log',
    gradient: (dy, { inputs: { x } }) => ({ x: () => div(dy, x) }),
  },
  {
    kernelName: 'log1p',
    gradient: (dy, { inputs: { x } }) => ({ x: () => div(dy, add(x, 1)) }),
  },
  // d√x = 1 / (2√x): the output already holds √x.
  {
    kernelName: 'sqrt',
    gradient: (dy, { output: y }) => ({ x: () => div(dy, mul(y, 2)) }),
  },
  // d(x^-1/2) = -x^-3/2 / 2 = -y / (2x).
  {
    kernelName: 'rsqrt',
    gradient: (dy, { inputs: { x }, output: y }) => ({ x: () => mul(dy, div(mul(y, -0.5), x)) }),
  },
  // d(1/x) = -1/x² = -y².
  {
    kernelName: 'reciprocal',
    gradient: (dy, { output: y }) => ({ x: () => mul(neg(dy), square(y)) }),
  },
  {
    kernelName: 'sin',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(dy, cos(x)) }),
  },
  {
    kernelName: 'cos',
    gradient: (dy, { inputs: { x } }) => ({ x: () => mul(neg(dy), sin(x)) }),
  },
  {
    kernelName: 'tanh',
    gradient: (dy, { output: y }) => ({ x: () => tanhGrad(dy, y) }),
  },
  {
    kernelName: 'sigmoid',
    gradient: (dy, { output: y }) => ({ x: () => sigmoidGrad(dy, y) }),
  },
  // d erf(x) = 2/√π e^(-x²).
  {
    kernelName: 'erf',
    gradient: (dy, { inputs: { x } }) => ({
      x: () => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))),
    }),
  },
  { kernelName: 'identity', gradient: (dy) => ({ x: () => dy }) },
  // Only float-to-float casts carry a gradient: int and bool outputs are not recorded, and int or bool
  // inputs are never differentiated.
  { kernelName: 'cast', gradient: (dy) => ({ x: () => dy }) },
];
