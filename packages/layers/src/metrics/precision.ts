import type { Tensor } from '@glia/core';
import { batchRatio, ThresholdMetric, type ThresholdMetricOptions } from './threshold-metric';

export type { ThresholdMetricOptions };

/**
 * Precision of binary predictions over all batches since `reset()`: TP / (TP + FP), from true and
 * false positive counts accumulated on the host (Keras' `Precision`, threshold 0.5). 0 while
 * nothing has been predicted positive.
 *
 * ```ts
 * const p = new Precision();
 * p.update(tensor([[1], [0]]), tensor([[0.9], [0.8]]));
 * p.result(); // 0.5
 * ```
 */
export class Precision extends ThresholdMetric {
  constructor(options: ThresholdMetricOptions = {}) {
    super('Precision', 'falsePositives', options);
  }
}

/**
 * The precision of one batch, as a scalar (TF.js's `tf.metrics.precision`). As a compile metric it
 * resolves to the accumulating `Precision`.
 */
export function precision(yTrue: Tensor, yPred: Tensor): Tensor {
  return batchRatio('precision', 'falsePositives', yTrue, yPred);
}
