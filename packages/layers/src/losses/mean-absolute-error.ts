import { abs, sub } from '@glia/core';
import { asFloat, defineLoss, meanOverLastAxis, type NoOptions } from './common';

/**
 * Mean of absolute errors over the last axis, per example (Keras' `mean_absolute_error`).
 *
 * ```ts
 * losses.meanAbsoluteError(tensor([[0, 1]]), tensor([[2, 1]])); // [1]
 * ```
 */
export const meanAbsoluteError = defineLoss<NoOptions>('meanAbsoluteError', (yTrue, yPred) =>
  meanOverLastAxis(abs(sub(asFloat(yPred), asFloat(yTrue)))),
);
