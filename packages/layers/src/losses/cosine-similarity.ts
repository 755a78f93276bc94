import { maximum, mul, neg, rsqrt, square, sum, type Tensor } from '@glia/core';
import { asFloat, defineLoss, type NoOptions } from './common';

/** x / ||x|| along the last axis, with the squared norm floored at 1e-12 as Keras does. */
function l2Normalize(x: Tensor): Tensor {
  return mul(x, rsqrt(maximum(sum(square(x), -1, true), 1e-12)));
}

/**
 * Negative cosine similarity over the last axis, per example, so that minimising it aligns the
 * vectors (Keras' `cosine_similarity` loss: -1 for the same direction, 1 for opposite ones; TF.js
 * calls it `cosineProximity`).
 *
 * ```ts
 * losses.cosineSimilarity(tensor([[1, 0]]), tensor([[2, 0]])); // [-1]
 * ```
 */
export const cosineSimilarity = defineLoss<NoOptions>('cosineSimilarity', (yTrue, yPred) =>
  neg(sum(mul(l2Normalize(asFloat(yTrue)), l2Normalize(asFloat(yPred))), -1)),
);
