import {
  greater,
  logicalAnd,
  logicalNot,
  notEqual,
  stack,
  sum,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { asFloat } from '../losses/common';
import { assertSameShape } from './shapes';

/** Checks a decision threshold is in [0, 1]. */
export function checkThreshold(name: string, threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new ValueError(`${name}: threshold is ${threshold}: expected a number in [0, 1]`);
  }
}

/**
 * True positives, false positives and false negatives of predictions > threshold against labels
 * (nonzero is positive, as Keras casts labels to bool), as a [3] tensor the caller owns and reads.
 */
export function confusionCounts(
  name: string,
  yTrue: Tensor,
  yPred: Tensor,
  threshold: number,
): Tensor {
  assertSameShape(name, yTrue, yPred);
  return tidy(() => {
    const predicted = greater(asFloat(yPred), threshold);
    const actual = notEqual(asFloat(yTrue), 0);
    return stack([
      sum(logicalAnd(predicted, actual)),
      sum(logicalAnd(predicted, logicalNot(actual))),
      sum(logicalAnd(logicalNot(predicted), actual)),
    ]);
  });
}
