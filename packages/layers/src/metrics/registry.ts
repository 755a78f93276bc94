import { ValueError } from '@glia/core';
import { binaryCrossentropy } from '../losses/binary-crossentropy';
import { categoricalCrossentropy } from '../losses/categorical-crossentropy';
import { canonicalLossName, getLoss, normaliseName as normalise } from '../losses/registry';
import { sparseCategoricalCrossentropy } from '../losses/sparse-categorical-crossentropy';
import { BinaryAccuracy, binaryAccuracy } from './binary-accuracy';
import { CategoricalAccuracy, categoricalAccuracy } from './categorical-accuracy';
import { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error';
import { MeanMetricWrapper } from './mean-metric';
import { MeanSquaredError, meanSquaredError } from './mean-squared-error';
import type { Metric, MetricIdentifier } from './metric';
import { Precision, precision } from './precision';
import { Recall, recall } from './recall';
import {
  SparseCategoricalAccuracy,
  sparseCategoricalAccuracy,
} from './sparse-categorical-accuracy';
import {
  SparseTopKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
  topKCategoricalAccuracy,
} from './top-k-categorical-accuracy';

/** What a metric is resolved against: the compiled loss and the model's output shape. */
export interface MetricContext {
  /** The loss's name (`LossSpec.name`), in any spelling `getLoss` knows. */
  lossName: string;
  /** The model's output shape, batch first (`[null, 10]`). */
  outputShape: (number | null)[];
}

interface MetricEntry {
  /** The per-example (or per-batch) function of the same metric, to recognise it when passed. */
  readonly fn: object;
  /** The metric's class, made with the name it is asked by. */
  readonly MetricClass: new (options: {
    name: string;
  }) => Metric;
  /** Canonical camelCase first, then Keras' snake_case and short names. */
  readonly names: readonly string[];
}

/** The entry of the metric `MetricClass` (function `fn`) under `names`. */
const metricEntry = (
  fn: object,
  MetricClass: MetricEntry['MetricClass'],
  ...names: string[]
): MetricEntry => ({ fn, MetricClass, names });

const METRICS: readonly MetricEntry[] = [
  metricEntry(binaryAccuracy, BinaryAccuracy, 'binaryAccuracy', 'binary_accuracy'),
  metricEntry(
    categoricalAccuracy,
    CategoricalAccuracy,
    'categoricalAccuracy',
    'categorical_accuracy',
  ),
  metricEntry(
    sparseCategoricalAccuracy,
    SparseCategoricalAccuracy,
    'sparseCategoricalAccuracy',
    'sparse_categorical_accuracy',
  ),
  metricEntry(
    topKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    'topKCategoricalAccuracy',
    'top_k_categorical_accuracy',
  ),
  metricEntry(
    sparseTopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    'sparseTopKCategoricalAccuracy',
    'sparse_top_k_categorical_accuracy',
  ),
  metricEntry(meanSquaredError, MeanSquaredError, 'meanSquaredError', 'mean_squared_error', 'mse'),
  metricEntry(
    meanAbsoluteError,
    MeanAbsoluteError,
    'meanAbsoluteError',
    'mean_absolute_error',
    'mae',
  ),
  metricEntry(precision, Precision, 'precision'),
  metricEntry(recall, Recall, 'recall'),
];

const BY_NAME = new Map<string, MetricEntry>(
  METRICS.flatMap((entry) => entry.names.map((n) => [normalise(n), entry] as const)),
);

/** The names `'accuracy'` and `'crossentropy'` resolve by the loss and output shape. */
const AUTO_ACCURACY = new Set(['accuracy', 'acc']);
const AUTO_CROSSENTROPY = new Set(['crossentropy', 'ce']);

/** Every metric name `resolveMetric` knows (loss names are accepted too). */
export function metricNames(): string[] {
  return ['accuracy', 'acc', 'crossentropy', 'ce', ...METRICS.flatMap((entry) => entry.names)];
}

type Kind = 'binary' | 'categorical' | 'sparse';

/**
 * Which of the three accuracies (or cross-entropies) fits, as Keras picks: binary for binary
 * cross-entropy or a single output unit, sparse for sparse categorical cross-entropy, else
 * categorical.
 */
function classificationKind(context: MetricContext): Kind {
  const loss = canonicalLossName(context.lossName) ?? context.lossName;
  const shape = context.outputShape;
  if (loss === 'binaryCrossentropy') return 'binary';
  if (shape.length < 2 || shape[shape.length - 1] === 1) return 'binary';
  if (loss === 'sparseCategoricalCrossentropy') return 'sparse';
  return 'categorical';
}

function isMetric(value: unknown): value is Metric {
  if (value === null || typeof value !== 'object') return false;
  const m = value as Partial<Record<keyof Metric, unknown>>;
  return (
    typeof m.name === 'string' &&
    typeof m.update === 'function' &&
    typeof m.result === 'function' &&
    typeof m.reset === 'function'
  );
}

/**
 * Resolves a metric for `compile`: a name, a `Metric` (used as it is), or a per-example function
 * (averaged over examples, named after the function). `'accuracy'`/`'acc'` pick the binary,
 * categorical or sparse accuracy as Keras does, keeping the name given; every name is accepted in
 * camelCase or snake_case, and loss names give the loss averaged over examples.
 *
 * ```ts
 * const acc = resolveMetric('accuracy', { lossName: 'sparseCategoricalCrossentropy', outputShape: [null, 10] });
 * acc.name; // 'accuracy' (a SparseCategoricalAccuracy)
 * ```
 */
export function resolveMetric(identifier: MetricIdentifier, context: MetricContext): Metric {
  if (typeof identifier === 'string') return metricByName(identifier, context);
  if (typeof identifier === 'function') {
    const entry = METRICS.find((e) => e.fn === identifier);
    if (entry) return new entry.MetricClass({ name: entry.names[0]! });
    return new MeanMetricWrapper(identifier.name || 'metric', identifier);
  }
  if (isMetric(identifier)) return identifier;
  throw new ValueError(
    `resolveMetric: got ${identifier === null ? 'null' : typeof identifier}: expected a metric name, a Metric (name, update, result, reset) or a function (yTrue, yPred) => per-example values`,
  );
}

function metricByName(name: string, context: MetricContext): Metric {
  const key = normalise(name);
  if (AUTO_ACCURACY.has(key)) {
    const kind = classificationKind(context);
    if (kind === 'binary') return new BinaryAccuracy({ name });
    if (kind === 'sparse') return new SparseCategoricalAccuracy({ name });
    return new CategoricalAccuracy({ name });
  }
  if (AUTO_CROSSENTROPY.has(key)) {
    const kind = classificationKind(context);
    const loss =
      kind === 'binary'
        ? binaryCrossentropy()
        : kind === 'sparse'
          ? sparseCategoricalCrossentropy()
          : categoricalCrossentropy();
    return new MeanMetricWrapper(name, loss.fn);
  }
  const entry = BY_NAME.get(key);
  if (entry) return new entry.MetricClass({ name });
  if (canonicalLossName(name) !== undefined) {
    return new MeanMetricWrapper(name, getLoss(name).fn);
  }
  throw new ValueError(
    `resolveMetric: unknown metric '${name}': expected one of ${metricNames().join(', ')}, a loss name, a Metric or a function (yTrue, yPred) => per-example values`,
  );
}
