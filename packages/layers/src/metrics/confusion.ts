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

/** Counts of one batch, over every element (a multi-label output counts each label). */
export interface ConfusionCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/** Checks a decision threshold is in [0, 1]. */
export function checkThreshold(name: string, threshold: number): void {
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new ValueError(`${name}: threshold is ${threshold}: expected a number in [0, 1]`);
  }
}

/**
 * True positives, false positives and false negatives of predictions > threshold against labels
 * (nonzero is positive, as Keras casts labels to bool), read to the host.
 */
export function confusionCounts(
  name: string,
  yTrue: Tensor,
  yPred: Tensor,
  threshold: number,
): ConfusionCounts {
  assertSameShape(name, yTrue, yPred);
  const counts = tidy(() => {
    const predicted = greater(asFloat(yPred), threshold);
    const actual = notEqual(asFloat(yTrue), 0);
    return stack([
      sum(logicalAnd(predicted, actual)),
      sum(logicalAnd(predicted, logicalNot(actual))),
      sum(logicalAnd(logicalNot(predicted), actual)),
    ]);
  });
  try {
    const [truePositives, falsePositives, falseNegatives] = Array.from(counts.dataSync(), Number);
    return {
      truePositives: truePositives!,
      falsePositives: falsePositives!,
      falseNegatives: falseNegatives!,
    };
  } finally {
    counts.dispose();
  }
}
