import { abs, lessEqual, mul, square, sub, ValueError, where } from '@glia/core';
import { asFloat, defineLoss, meanOverLastAxis } from './common';

/** `huber` options. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * Huber loss, per example: 0.5·e² where |e| <= delta, else delta·(|e| - 0.5·delta), averaged over the
 * last axis (Keras' `huber`).
 *
 * ```ts
 * losses.huber(tensor([[0, 0]]), tensor([[0.5, 3]])); // [(0.125 + 2.5) / 2]
 * ```
 */
export const huber = defineLoss<HuberOptions>(
  'huber',
  (yTrue, yPred, { delta = 1 } = {}) => {
    const error = sub(asFloat(yPred), asFloat(yTrue));
    const absError = abs(error);
    const quadratic = mul(square(error), 0.5);
    const linear = mul(sub(absError, 0.5 * delta), delta);
    return meanOverLastAxis(where(lessEqual(absError, delta), quadratic, linear));
  },
  undefined,
  (options) => {
    const delta = options?.delta;
    if (delta !== undefined && !(delta > 0 && Number.isFinite(delta))) {
      throw new ValueError(`huber: delta is ${delta}: expected a positive finite number`);
    }
  },
  Object.keys({ delta: true } satisfies Record<keyof HuberOptions, true>),
);
