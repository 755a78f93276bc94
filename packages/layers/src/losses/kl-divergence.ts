import { clipByValue, div, log, mul, sum } from '@glia/core';
import { asFloat, defineLoss, EPSILON, type NoOptions } from './common';

/**
 * Kullback-Leibler divergence sum(y·log(y / p)) over the last axis, per example, with both
 * distributions clipped to [1e-7, 1] (Keras' `kl_divergence`, short name `'kld'`).
 *
 * ```ts
 * losses.kullbackLeiblerDivergence(tensor([[0.5, 0.5]]), tensor([[0.25, 0.75]])); // [0.1438]
 * ```
 */
export const kullbackLeiblerDivergence = defineLoss<NoOptions>(
  'kullbackLeiblerDivergence',
  (yTrue, yPred) => {
    const t = clipByValue(asFloat(yTrue), EPSILON, 1);
    const p = clipByValue(asFloat(yPred), EPSILON, 1);
    return sum(mul(t, log(div(t, p))), -1);
  },
);
