import { binaryAccuracy } from './binary-accuracy';
import { categoricalAccuracy } from './categorical-accuracy';
import { meanAbsoluteError } from './mean-absolute-error';
import { meanSquaredError } from './mean-squared-error';
import { precision } from './precision';
import { recall } from './recall';
import { sparseCategoricalAccuracy } from './sparse-categorical-accuracy';
import {
  sparseTopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './top-k-categorical-accuracy';

export type { BinaryAccuracyOptions } from './binary-accuracy';
export { BinaryAccuracy } from './binary-accuracy';
export { CategoricalAccuracy } from './categorical-accuracy';
export { MeanAbsoluteError } from './mean-absolute-error';
export type { PerExampleFunction } from './mean-metric';
export { MeanMetricWrapper } from './mean-metric';
export { MeanSquaredError } from './mean-squared-error';
export type { Metric, MetricIdentifier } from './metric';
export type { ThresholdMetricOptions } from './precision';
export { Precision } from './precision';
export { Recall } from './recall';
export type { MetricContext } from './registry';
export { metricNames, resolveMetric } from './registry';
export { SparseCategoricalAccuracy } from './sparse-categorical-accuracy';
export type { TopKOptions } from './top-k-categorical-accuracy';
export {
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './top-k-categorical-accuracy';

/**
 * The built-in metric functions, as TF.js's `tf.metrics`: per-example values (precision and recall:
 * one batch's value). Passed to `compile({ metrics })`, each resolves to its accumulating metric.
 *
 * ```ts
 * metrics.categoricalAccuracy(yTrue, yPred); // [batch] of 0s and 1s
 * ```
 */
export const metrics = {
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  topKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  meanSquaredError,
  mse: meanSquaredError,
  meanAbsoluteError,
  mae: meanAbsoluteError,
  precision,
  recall,
} as const;
