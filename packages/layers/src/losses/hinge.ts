import { all, equal, logicalOr, mul, relu, sub, where } from '@glia/core';
import { asFloat, defineLoss, meanOverLastAxis, type NoOptions } from './common';

/**
 * Hinge loss mean(max(1 - y·p, 0)) over the last axis, per example, for labels in {-1, 1}. As in
 * Keras, labels that are all 0 or 1 are first mapped to {-1, 1}.
 *
 * ```ts
 * losses.hinge(tensor([[1, 0]]), tensor([[0.5, -2]])); // [(0.5 + 0) / 2]
 * ```
 */
export const hinge = defineLoss<NoOptions>('hinge', (yTrue, yPred) => {
  let t = asFloat(yTrue);
  const isBinary = all(logicalOr(equal(t, 0), equal(t, 1)));
  t = where(isBinary, sub(mul(t, 2), 1), t);
  return meanOverLastAxis(relu(sub(1, mul(t, asFloat(yPred)))));
});
