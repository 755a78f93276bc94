import { add, cast, checkOptions, div, maximum, type Tensor, tidy, unstack } from '@glia/core';
import { checkThreshold, confusionCounts } from './confusion';
import type { Metric } from './metric';
import { readNowOrLater } from './read-now-or-later';

/** `Precision` and `Recall` options. */
export interface ThresholdMetricOptions {
  name?: string;
  /** Predictions above it count as positive (default 0.5). */
  threshold?: number;
}

const THRESHOLD_METRIC_KEYS = Object.keys({
  name: true,
  threshold: true,
} satisfies Record<keyof ThresholdMetricOptions, true>);

/** Confusion counts accumulated on the host since `reset()`. */
export interface AccumulatedCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

/**
 * The count that joins the true positives in the denominator: false positives for precision
 * (TP / predicted positive), false negatives for recall (TP / actually positive).
 */
export type OtherCount = 'falsePositives' | 'falseNegatives';

/**
 * A binary metric computed from true/false positive and false negative counts accumulated over
 * batches: TP / (TP + the `other` count), 0 while that denominator is 0.
 */
export abstract class ThresholdMetric implements Metric {
  readonly name: string;
  readonly threshold: number;
  private counts: AccumulatedCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  private pending: Promise<void>[] = [];

  /**
   * `className` ('Precision') names the metric in errors, and lower-cased ('precision') is its
   * default name; a string, not `new.target.name`, so that minified bundles keep the message.
   */
  constructor(
    className: string,
    private readonly other: OtherCount,
    options: ThresholdMetricOptions,
  ) {
    checkOptions(
      className,
      `new ${className}({ name?, threshold? })`,
      options,
      THRESHOLD_METRIC_KEYS,
    );
    const { name = className.toLowerCase(), threshold = 0.5 } = options;
    checkThreshold(name, threshold);
    this.name = name;
    this.threshold = threshold;
  }

  update(yTrue: Tensor, yPred: Tensor): void {
    // At once where the backend reads synchronously, else when the read resolves (see settle).
    readNowOrLater(confusionCounts(this.name, yTrue, yPred, this.threshold), this.pending, (v) => {
      this.counts.truePositives += Number(v[0]);
      this.counts.falsePositives += Number(v[1]);
      this.counts.falseNegatives += Number(v[2]);
    });
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  result(): number {
    const denominator = this.counts.truePositives + this.counts[this.other];
    return denominator === 0 ? 0 : this.counts.truePositives / denominator;
  }

  reset(): void {
    this.counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    this.pending = [];
  }
}

/**
 * One batch's TP / (TP + the `other` count) as a scalar tensor (0 where the denominator is 0): the
 * batch forms `precision` and `recall`, computed on the device with no read.
 */
export function batchRatio(name: string, other: OtherCount, yTrue: Tensor, yPred: Tensor): Tensor {
  return tidy(() => {
    const [truePositives, falsePositives, falseNegatives] = unstack(
      cast(confusionCounts(name, yTrue, yPred, 0.5), 'float32'),
    ) as [Tensor, Tensor, Tensor];
    const counts = { truePositives, falsePositives, falseNegatives };
    // The numerator is at most the denominator, so it is 0 wherever the denominator is.
    return div(truePositives, maximum(add(truePositives, counts[other]), 1));
  });
}
