import {
  elu as eluOp,
  gelu as geluOp,
  leakyRelu as leakyReluOp,
  mul,
  relu6 as relu6Op,
  relu as reluOp,
  selu as seluOp,
  sigmoid as sigmoidOp,
  softmax as softmaxOp,
  softplus as softplusOp,
  type Tensor,
  tanh as tanhOp,
  tidy,
} from '@glia/core';
import type { Activation } from './activation';

/**
 * The built-in activations, each saved by its TF.js name (`'relu'`, `'leakyRelu'`, ...). Layers
 * take the name (`dense({ units: 8, activation: 'relu' })`); the objects are for calling directly:
 *
 * ```ts
 * activations.swish.apply(tensor([-1, 0, 1])); // [-0.269, 0, 0.731]
 * ```
 */

/** The identity: f(x) = x (a new handle on the same storage, so the caller owns its result). */
export const linear: Activation = { name: 'linear', apply: (x: Tensor) => x.clone() };

/** 1 / (1 + e⁻ˣ). */
export const sigmoid: Activation = { name: 'sigmoid', apply: (x: Tensor) => sigmoidOp(x) };

/** Hyperbolic tangent. */
export const tanh: Activation = { name: 'tanh', apply: (x: Tensor) => tanhOp(x) };

/** max(x, 0). */
export const relu: Activation = { name: 'relu', apply: (x: Tensor) => reluOp(x) };

/** min(max(x, 0), 6). */
export const relu6: Activation = { name: 'relu6', apply: (x: Tensor) => relu6Op(x) };

/**
 * x for x > 0, 0.2·x otherwise. The slope is Keras 3's `leaky_relu` function default
 * (`negative_slope=0.2`, also core's `leakyRelu`); Keras' and TF.js' `LeakyReLU` *layer* default
 * to 0.3, which this string form does not follow.
 */
export const leakyRelu: Activation = {
  name: 'leakyRelu',
  apply: (x: Tensor) => leakyReluOp(x, 0.2),
};

/** x for x > 0, eˣ - 1 otherwise. */
export const elu: Activation = { name: 'elu', apply: (x: Tensor) => eluOp(x) };

/** Scaled ELU (Klambauer et al.). */
export const selu: Activation = { name: 'selu', apply: (x: Tensor) => seluOp(x) };

/** x·Φ(x), exact (with erf), as Keras' and TF.js' `gelu`. */
export const gelu: Activation = { name: 'gelu', apply: (x: Tensor) => geluOp(x, false) };

/** Softmax over the last axis. */
export const softmax: Activation = { name: 'softmax', apply: (x: Tensor) => softmaxOp(x, -1) };

/** log(1 + eˣ). */
export const softplus: Activation = { name: 'softplus', apply: (x: Tensor) => softplusOp(x) };

/** x·sigmoid(x) (also called SiLU). */
export const swish: Activation = {
  name: 'swish',
  apply: (x: Tensor) => tidy(() => mul(x, sigmoidOp(x))),
};
