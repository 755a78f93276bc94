import { squaredDifference } from '@glia/core';
import { asFloat, defineLoss, meanOverLastAxis, type NoOptions } from './common';

/**
 * Mean of squared errors over the last axis, per example (Keras' `mean_squared_error`).
 *
 * ```ts
 * losses.meanSquaredError(tensor([[0, 1]]), tensor([[1, 1]])); // [0.5]
 * ```
 */
export const meanSquaredError = defineLoss<NoOptions>('meanSquaredError', (yTrue, yPred) =>
  meanOverLastAxis(squaredDifference(asFloat(yPred), asFloat(yTrue))),
);
