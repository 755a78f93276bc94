import type { Tensor } from '@glia/core';
import { checkThreshold, confusionCounts } from './confusion';
import type { Metric } from './metric';

/** `Precision` and `Recall` options. */
export interface ThresholdMetricOptions {
  name?: string;
  /** Predictions above it count as positive (default 0.5). */
  threshold?: number;
}

/** Confusion counts accumulated on the host since `reset()`. */
export interface AccumulatedCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/**
 * A binary metric computed from true/false positive and false negative counts accumulated over
 * batches; subclasses say which ratio of them they report.
 */
export abstract class ThresholdMetric implements Metric {
  readonly name: string;
  readonly threshold: number;
  private counts: AccumulatedCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };

  constructor(
    defaultName: string,
    { name = defaultName, threshold = 0.5 }: ThresholdMetricOptions,
  ) {
    checkThreshold(name, threshold);
    this.name = name;
    this.threshold = threshold;
  }

  /** The metric's value from the counts (0 when its denominator is 0). */
  protected abstract ratio(counts: AccumulatedCounts): number;

  update(yTrue: Tensor, yPred: Tensor): void {
    const batch = confusionCounts(this.name, yTrue, yPred, this.threshold);
    this.counts.truePositives += batch.truePositives;
    this.counts.falsePositives += batch.falsePositives;
    this.counts.falseNegatives += batch.falseNegatives;
  }

  result(): number {
    return this.ratio(this.counts);
  }

  reset(): void {
    this.counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  }
}
