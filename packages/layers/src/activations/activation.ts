import type { Tensor } from '@glia/core';

/** An elementwise (or, for softmax, last-axis) activation function. */
export interface Activation {
  /** The name as Keras / TF.js save it: `'relu'`, `'softmax'`, `'linear'`, ... */
  readonly name: string;
  apply(x: Tensor): Tensor;
}

/** An activation or its name. */
export type ActivationIdentifier = string | Activation;
