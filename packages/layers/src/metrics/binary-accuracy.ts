import { cast, defineOp, equal, greater, type Tensor } from '@glia/core';
import { asFloat, meanOverLastAxis } from '../losses/common';
import { MeanMetricWrapper } from './mean-metric';
import { assertSameShape } from './shapes';

/**
 * Per example, the fraction of outputs where (prediction > threshold) equals the 0/1 label, over
 * the last axis (Keras' `binary_accuracy`, threshold 0.5).
 *
 * ```ts
 * metrics.binaryAccuracy(tensor([[1], [0]]), tensor([[0.7], [0.6]])); // [1, 0]
 * ```
 */
export const binaryAccuracy = defineOp(
  'binaryAccuracy(yTrue, yPred, threshold?)',
  (yTrue: Tensor, yPred: Tensor, threshold: number = 0.5): Tensor => {
    assertSameShape('binaryAccuracy', yTrue, yPred);
    const predicted = cast(greater(asFloat(yPred), threshold), 'float32');
    return meanOverLastAxis(cast(equal(asFloat(yTrue), predicted), 'float32'));
  },
);

/** `BinaryAccuracy` options. */
export interface BinaryAccuracyOptions {
  name?: string;
  /** Predictions above it count as 1 (default 0.5). */
  threshold?: number;
}

/** The mean of `binaryAccuracy` over all examples seen. */
export class BinaryAccuracy extends MeanMetricWrapper {
  constructor({ name = 'binaryAccuracy', threshold = 0.5 }: BinaryAccuracyOptions = {}) {
    super(name, (yTrue, yPred) => binaryAccuracy(yTrue, yPred, threshold));
  }
}
