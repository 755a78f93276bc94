import { scalar, type Tensor } from '@glia/core';
import { checkThreshold, confusionCounts } from './confusion';
import type { Metric } from './metric';
import type { ThresholdMetricOptions } from './precision';

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
export class Recall implements Metric {
  readonly name: string;
  readonly threshold: number;
  private truePositives = 0;
  private falseNegatives = 0;

  constructor({ name = 'recall', threshold = 0.5 }: ThresholdMetricOptions = {}) {
    checkThreshold(name, threshold);
    this.name = name;
    this.threshold = threshold;
  }

  update(yTrue: Tensor, yPred: Tensor): void {
    const counts = confusionCounts(this.name, yTrue, yPred, this.threshold);
    this.truePositives += counts.truePositives;
    this.falseNegatives += counts.falseNegatives;
  }

  result(): number {
    const actualPositive = this.truePositives + this.falseNegatives;
    return actualPositive === 0 ? 0 : this.truePositives / actualPositive;
  }

  reset(): void {
    this.truePositives = 0;
    this.falseNegatives = 0;
  }
}

/**
 * The recall of one batch, as a scalar (TF.js's `tf.metrics.recall`). As a compile metric it
 * resolves to the accumulating `Recall`.
 */
export function recall(yTrue: Tensor, yPred: Tensor): Tensor {
  const metric = new Recall();
  metric.update(yTrue, yPred);
  return scalar(metric.result());
}
