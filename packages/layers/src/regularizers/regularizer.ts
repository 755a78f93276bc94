import type { Tensor } from '@glia/core';

/** Adds a penalty on a weight to the training loss. */
export interface Regularizer {
  /** The Keras / TF.js class name (`L1L2`). */
  readonly className: string;
  /** The scalar penalty for `weight`. */
  apply(weight: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A regularizer or `'l1'`, `'l2'`, `'l1l2'` with Keras' default factors. */
export type RegularizerIdentifier = string | Regularizer;
