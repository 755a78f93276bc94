import { scalar, type Tensor } from '@glia/core';
import { checkThreshold, confusionCounts } from './confusion';
import type { Metric } from './metric';

/** `Precision` and `Recall` options. */
export interface ThresholdMetricOptions {
  name?: string;
  /** Predictions above it count as positive (default 0.5). */
  threshold?: number;
}

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
export class Precision implements Metric {
  readonly name: string;
  readonly threshold: number;
  private truePositives = 0;
  private falsePositives = 0;

  constructor({ name = 'precision', threshold = 0.5 }: ThresholdMetricOptions = {}) {
    checkThreshold(name, threshold);
    this.name = name;
    this.threshold = threshold;
  }

  update(yTrue: Tensor, yPred: Tensor): void {
    const counts = confusionCounts(this.name, yTrue, yPred, this.threshold);
    this.truePositives += counts.truePositives;
    this.falsePositives += counts.falsePositives;
  }

  result(): number {
    const predictedPositive = this.truePositives + this.falsePositives;
    return predictedPositive === 0 ? 0 : this.truePositives / predictedPositive;
  }

  reset(): void {
    this.truePositives = 0;
    this.falsePositives = 0;
  }
}

/**
 * The precision of one batch, as a scalar (TF.js's `tf.metrics.precision`). As a compile metric it
 * resolves to the accumulating `Precision`.
 */
export function precision(yTrue: Tensor, yPred: Tensor): Tensor {
  const metric = new Precision();
  metric.update(yTrue, yPred);
  return scalar(metric.result());
}
