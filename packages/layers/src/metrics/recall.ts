import type { Tensor } from '@glia/core';
import { batchRatio, ThresholdMetric, type ThresholdMetricOptions } from './threshold-metric';

/**
 * Recall of binary predictions over all batches since `reset()`: TP / (TP + FN), from counts
 * accumulated on the host (Keras' `Recall`, threshold 0.5). 0 while no label has been positive.
 *
 * ```ts
 * const r = new Recall();
 * r.update(tensor([[1], [1]]), tensor([[0.9], [0.2]]));
 * r.result(); // 0.5
 * ```
 */
export class Recall extends ThresholdMetric {
  constructor(options: ThresholdMetricOptions = {}) {
    super('Recall', 'falseNegatives', options);
  }
}

/**
 * The recall of one batch, as a scalar (TF.js's `tf.metrics.recall`). As a compile metric it
 * resolves to the accumulating `Recall`.
 */
export function recall(yTrue: Tensor, yPred: Tensor): Tensor {
  return batchRatio('recall', 'falseNegatives', yTrue, yPred);
}
