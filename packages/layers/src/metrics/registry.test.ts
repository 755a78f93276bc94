import '@glia/backend-cpu';
import { ready, type Tensor, tensor, tidy, ValueError } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { losses } from '../losses/index';
import {
  BinaryAccuracy,
  CategoricalAccuracy,
  MeanAbsoluteError,
  MeanMetricWrapper,
  MeanSquaredError,
  type Metric,
  type MetricContext,
  metrics,
  Precision,
  Recall,
  resolveMetric,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './index';

beforeAll(ready);

/** The context of a model compiled with `lossName` whose output has `units` units. */
function contextOf(lossName: string, units: number): MetricContext {
  return { lossName, outputShape: [null, units] };
}

const categorical = contextOf('categoricalCrossentropy', 10);

describe("resolveMetric('accuracy')", () => {
  const cases: [string, MetricContext, new () => Metric][] = [
    [
      'sparse categorical CE',
      contextOf('sparseCategoricalCrossentropy', 10),
      SparseCategoricalAccuracy,
    ],
    [
      'sparse CE in snake_case',
      contextOf('sparse_categorical_crossentropy', 10),
      SparseCategoricalAccuracy,
    ],
    ['categorical CE', categorical, CategoricalAccuracy],
    ['binary CE, one unit', contextOf('binaryCrossentropy', 1), BinaryAccuracy],
    ['binary CE, multi-label', contextOf('binaryCrossentropy', 5), BinaryAccuracy],
    ['mse with one unit', contextOf('meanSquaredError', 1), BinaryAccuracy],
    ['hinge with one unit', contextOf('hinge', 1), BinaryAccuracy],
    ['a custom loss, 4 classes', contextOf('myLoss', 4), CategoricalAccuracy],
  ];
  for (const [what, context, Expected] of cases) {
    it(`picks ${Expected.name} for ${what}, keeping the name 'accuracy'`, () => {
      const metric = resolveMetric('accuracy', context);
      expect(metric).toBeInstanceOf(Expected);
      expect(metric.name).toBe('accuracy');
    });
  }
  it("takes 'acc' too, logged as 'acc'", () => {
    const metric = resolveMetric('acc', contextOf('sparseCategoricalCrossentropy', 3));
    expect(metric).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(metric.name).toBe('acc');
  });
  it('computes the picked accuracy', () => {
    const metric = resolveMetric('accuracy', contextOf('sparseCategoricalCrossentropy', 3));
    tidy(() =>
      metric.update(
        tensor([2, 0], [2], 'int32'),
        tensor([
          [0.1, 0.2, 0.7],
          [0.1, 0.8, 0.1],
        ]),
      ),
    );
    expect(metric.result()).toBeCloseTo(0.5);
  });
});

describe('resolveMetric by name', () => {
  const cases: [string, new () => Metric][] = [
    ['binaryAccuracy', BinaryAccuracy],
    ['binary_accuracy', BinaryAccuracy],
    ['categorical_accuracy', CategoricalAccuracy],
    ['sparseCategoricalAccuracy', SparseCategoricalAccuracy],
    ['top_k_categorical_accuracy', TopKCategoricalAccuracy],
    ['topKCategoricalAccuracy', TopKCategoricalAccuracy],
    ['sparse_top_k_categorical_accuracy', SparseTopKCategoricalAccuracy],
    ['mse', MeanSquaredError],
    ['mean_squared_error', MeanSquaredError],
    ['mae', MeanAbsoluteError],
    ['meanAbsoluteError', MeanAbsoluteError],
    ['precision', Precision],
    ['recall', Recall],
  ];
  for (const [name, Expected] of cases) {
    it(`'${name}' is a ${Expected.name} named '${name}'`, () => {
      const metric = resolveMetric(name, categorical);
      expect(metric).toBeInstanceOf(Expected);
      expect(metric.name).toBe(name);
    });
  }
  it('takes loss names, as the loss averaged over examples', () => {
    const metric = resolveMetric('kld', categorical);
    expect(metric).toBeInstanceOf(MeanMetricWrapper);
    expect(metric.name).toBe('kld');
    tidy(() => metric.update(tensor([[0.5, 0.5]]), tensor([[0.25, 0.75]])));
    expect(metric.result()).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 5);
  });
  it("resolves 'crossentropy' by the loss, as 'accuracy'", () => {
    const metric = resolveMetric('crossentropy', contextOf('sparseCategoricalCrossentropy', 2));
    tidy(() => metric.update(tensor([1], [1], 'int32'), tensor([[0.25, 0.75]])));
    expect(metric.result()).toBeCloseTo(-Math.log(0.75), 5);
  });
  it('rejects an unknown name with a ValueError listing the known ones', () => {
    expect(() => resolveMetric('acuracy', categorical)).toThrow(ValueError);
    expect(() => resolveMetric('acuracy', categorical)).toThrow(
      /resolveMetric: unknown metric 'acuracy': expected one of accuracy, acc, .*binary_accuracy.*precision, recall/,
    );
  });
});

describe('resolveMetric with functions and objects', () => {
  it('wraps a per-example function as a mean metric named after it', () => {
    function doubledError(yTrue: Tensor, yPred: Tensor): Tensor {
      return metrics.mae(yTrue, yPred);
    }
    const metric = resolveMetric(doubledError, categorical);
    expect(metric).toBeInstanceOf(MeanMetricWrapper);
    expect(metric.name).toBe('doubledError');
    tidy(() => {
      metric.update(tensor([[0, 0]]), tensor([[1, 3]]));
      metric.update(
        tensor([
          [0, 0],
          [0, 0],
        ]),
        tensor([
          [1, 1],
          [0, 0],
        ]),
      );
    });
    expect(metric.result()).toBeCloseTo((2 + 1 + 0) / 3);
  });
  it('recognises the built-in functions', () => {
    expect(resolveMetric(metrics.precision, categorical)).toBeInstanceOf(Precision);
    expect(resolveMetric(metrics.categoricalAccuracy, categorical).name).toBe(
      'categoricalAccuracy',
    );
    expect(resolveMetric(losses.meanSquaredError, categorical).name).toBe('meanSquaredError');
  });
  it('uses a Metric as it is', () => {
    const metric = new Recall({ name: 'sensitivity' });
    expect(resolveMetric(metric, categorical)).toBe(metric);
  });
  it('rejects anything else', () => {
    expect(() => resolveMetric(42 as never, categorical)).toThrow(/resolveMetric: got number/);
  });
});
