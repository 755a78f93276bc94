import '@glia/backend-cpu';
import { memory, ShapeError, type Tensor, tensor, tidy, ValueError } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBesideTfjs } from '../layers/tfjs-oracle';
import { expectClose, expectNoLeakAfterEach, valuesOf } from '../losses/test-support';
import {
  BinaryAccuracy,
  CategoricalAccuracy,
  MeanAbsoluteError,
  MeanMetricWrapper,
  MeanSquaredError,
  type Metric,
  metrics,
  Precision,
  Recall,
  SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
  TopKCategoricalAccuracy,
} from './index';

// Every test checks the metric holds no tensors: numTensors is back to where it started.
beforeAll(useCpuBesideTfjs);
expectNoLeakAfterEach();

type Nested = number[] | number[][];

/** Feeds batches (plain arrays) to a metric, freeing the tensors it made. */
function feed(metric: Metric, batches: [Nested, Nested, ('int32' | 'float32')?][]): number {
  for (const [yTrue, yPred, dtype] of batches) {
    const t = tensor(yTrue, undefined, dtype);
    const p = tensor(yPred);
    try {
      metric.update(t, p);
    } finally {
      t.dispose();
      p.dispose();
    }
  }
  return metric.result();
}

/** A per-example metric function's values on plain arrays. */
function perExample(
  fn: (t: Tensor, p: Tensor) => Tensor,
  yTrue: Nested,
  yPred: Nested,
  dtype?: 'int32',
): number[] {
  return tidy(() => valuesOf(fn(tensor(yTrue, undefined, dtype), tensor(yPred))));
}

describe('MeanMetricWrapper', () => {
  it('is the example-weighted mean over all batches since reset', () => {
    const m = new MeanMetricWrapper('absError', metrics.mae);
    // Batch 1: per-example [1, 3]; batch 2: [2]. Mean over 3 examples: 2 (not the mean of batch means, 2.0 vs 2.0 here: see below).
    expect(
      feed(m, [
        [
          [[0], [0]],
          [[1], [3]],
        ],
        [[[0]], [[2]]],
      ]),
    ).toBeCloseTo(2);
    // Batch 3 of 1 example with value 10: (1 + 3 + 2 + 10) / 4 = 4, where the mean of batch means would be 14 / 3.
    expect(feed(m, [[[[0]], [[10]]]])).toBeCloseTo(4);
    m.reset();
    expect(m.result()).toBe(0);
    expect(feed(m, [[[[1]], [[1.5]]]])).toBeCloseTo(0.5);
  });
});

describe('BinaryAccuracy', () => {
  it('accumulates over batches of different sizes', () => {
    const m = new BinaryAccuracy();
    expect(m.name).toBe('binaryAccuracy');
    const result = feed(m, [
      [
        [[1], [0], [1]],
        [[0.7], [0.6], [0.4]],
      ], // right, wrong, wrong
      [
        [[0], [1]],
        [[0.1], [0.9]],
      ], // right, right
    ]);
    expect(result).toBeCloseTo(3 / 5, 6);
  });
  it('takes a threshold', () => {
    expect(
      feed(new BinaryAccuracy({ threshold: 0.65 }), [
        [
          [[1], [0]],
          [[0.7], [0.6]],
        ],
      ]),
    ).toBe(1);
  });
  it('per example matches tf.metrics.binaryAccuracy, averaging over the last axis', () => {
    const yTrue = [
      [1, 0, 1],
      [0, 0, 1],
    ];
    const yPred = [
      [0.9, 0.6, 0.5],
      [0.2, 0.1, 0.7],
    ];
    expectClose(
      perExample(metrics.binaryAccuracy, yTrue, yPred),
      valuesOf(tf.metrics.binaryAccuracy(tf.tensor(yTrue), tf.tensor(yPred))),
    );
  });
  it('rejects labels of another shape, naming the metric and shapes', () => {
    const m = new BinaryAccuracy();
    expect(() =>
      feed(m, [
        [
          [1, 0],
          [[0.5], [0.5]],
        ],
      ]),
    ).toThrow(ShapeError);
    expect(() =>
      feed(m, [
        [
          [1, 0],
          [[0.5], [0.5]],
        ],
      ]),
    ).toThrow(/binaryAccuracy: labels have shape \[2\] and predictions \[2,1\]/);
  });
});

const oneHot = [
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
  [0, 1, 0],
];
const scores = [
  [0.2, 0.7, 0.1],
  [0.5, 0.2, 0.3],
  [0.6, 0.3, 0.1],
  [0.4, 0.35, 0.25],
];

describe('CategoricalAccuracy', () => {
  it('accumulates over batches', () => {
    // right, wrong, right | wrong
    expect(
      feed(new CategoricalAccuracy(), [
        [oneHot.slice(0, 3), scores.slice(0, 3)],
        [oneHot.slice(3), scores.slice(3)],
      ]),
    ).toBeCloseTo(0.5);
  });
  it('matches tf.metrics.categoricalAccuracy', () => {
    expectClose(
      perExample(metrics.categoricalAccuracy, oneHot, scores),
      valuesOf(tf.metrics.categoricalAccuracy(tf.tensor(oneHot), tf.tensor(scores))),
    );
  });
});

describe('SparseCategoricalAccuracy', () => {
  it('accumulates over batches, ids of shape [batch] or [batch, 1], int32 or float32', () => {
    const m = new SparseCategoricalAccuracy();
    const result = feed(m, [
      [[1, 2], scores.slice(0, 2), 'int32'], // right, wrong
      [[[0], [1]], scores.slice(2), 'int32'], // right, wrong
      [[0], [[0.9, 0.05, 0.05]]], // float32 id, right
    ]);
    expect(result).toBeCloseTo(3 / 5, 6);
  });
  it('matches tf.metrics.sparseCategoricalAccuracy', () => {
    const ids = [[1], [2], [0], [1]];
    expectClose(
      perExample(metrics.sparseCategoricalAccuracy, ids, scores, 'int32'),
      valuesOf(tf.metrics.sparseCategoricalAccuracy(tf.tensor(ids), tf.tensor(scores))),
    );
  });
  it('rejects one-hot labels', () => {
    expect(() => feed(new SparseCategoricalAccuracy(), [[oneHot, scores]])).toThrow(
      /sparseCategoricalAccuracy: labels have shape \[4,3\] and predictions \[4,3\]: expected class ids of shape \[4\] or \[4,1\]/,
    );
  });
});

describe('TopKCategoricalAccuracy', () => {
  const labels = [
    [0, 0, 1, 0],
    [0, 1, 0, 0],
    [1, 0, 0, 0],
  ];
  const predictions = [
    [0.5, 0.3, 0.2, 0.0],
    [0.1, 0.4, 0.4, 0.1],
    [0.1, 0.2, 0.3, 0.4],
  ];
  it('is 1 where the label is among the k highest; ties at the boundary count as in', () => {
    // Row 1: class 2 is third. Row 2: class 1 ties for first. Row 3: class 0 is last.
    expect(
      perExample((t, p) => metrics.topKCategoricalAccuracy(t, p, 2), labels, predictions),
    ).toEqual([0, 1, 0]);
    expect(
      perExample((t, p) => metrics.topKCategoricalAccuracy(t, p, 3), labels, predictions),
    ).toEqual([1, 1, 0]);
    expect(
      perExample((t, p) => metrics.topKCategoricalAccuracy(t, p, 1), labels, predictions),
    ).toEqual([0, 1, 0]);
  });
  it('defaults to k = 5 and accumulates', () => {
    const m = new TopKCategoricalAccuracy();
    expect(feed(m, [[labels, predictions]])).toBe(1); // 4 classes <= 5
    const m2 = new TopKCategoricalAccuracy({ k: 2 });
    expect(
      feed(m2, [
        [labels, predictions],
        [[[0, 0, 1, 0]], [[0.3, 0.1, 0.5, 0.1]]],
      ]),
    ).toBeCloseTo(2 / 4);
  });
  it('has a sparse form', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 2 });
    expect(feed(m, [[[2, 1, 0], predictions, 'int32']])).toBeCloseTo(1 / 3);
  });
  it('rejects k < 1', () => {
    expect(() => new TopKCategoricalAccuracy({ k: 0 })).toThrow(
      /k is 0: expected a positive integer/,
    );
  });
});

describe('MeanSquaredError and MeanAbsoluteError', () => {
  it('accumulate the per-example means over batches', () => {
    // Per example: mse [0.5, 6.5] then [4]; mae [0.5, 2.5] then [2].
    const batches: [Nested, Nested][] = [
      [
        [
          [0, 1],
          [2, 3],
        ],
        [
          [1, 1],
          [0, 0],
        ],
      ],
      [[[0, 0]], [[2, -2]]],
    ];
    expect(feed(new MeanSquaredError(), batches)).toBeCloseTo((0.5 + 6.5 + 4) / 3, 6);
    expect(feed(new MeanAbsoluteError(), batches)).toBeCloseTo((0.5 + 2.5 + 2) / 3, 6);
  });
  it('match tf.metrics per example', () => {
    const yTrue = [
      [0, 1, 0.5],
      [2, -1, 3],
    ];
    const yPred = [
      [0.5, 0.2, 0.5],
      [1, 1, -2],
    ];
    expectClose(
      perExample(metrics.mse, yTrue, yPred),
      valuesOf(tf.metrics.meanSquaredError(tf.tensor(yTrue), tf.tensor(yPred))),
    );
    expectClose(
      perExample(metrics.mae, yTrue, yPred),
      valuesOf(tf.metrics.meanAbsoluteError(tf.tensor(yTrue), tf.tensor(yPred))),
    );
  });
});

describe('Precision and Recall', () => {
  const batches: [Nested, Nested][] = [
    // TP 1, FP 1, FN 1
    [
      [[1], [0], [1], [0]],
      [[0.9], [0.8], [0.3], [0.1]],
    ],
    // TP 1, FP 1, FN 0
    [
      [[1], [0], [0]],
      [[0.6], [0.7], [0.2]],
    ],
  ];
  it('accumulate true/false positives and false negatives across batches', () => {
    expect(feed(new Precision(), batches)).toBeCloseTo(2 / 4, 6);
    expect(feed(new Recall(), batches)).toBeCloseTo(2 / 3, 6);
  });
  it('equal tf.metrics.precision/recall on all the batches at once', () => {
    // TF.js counts predictions equal to 1 (no threshold), so it gets them thresholded at 0.5.
    const yTrue = tf.tensor([1, 0, 1, 0, 1, 0, 0], [7, 1]);
    const yPred = tf.tensor([1, 1, 0, 0, 1, 1, 0], [7, 1]);
    expect(feed(new Precision(), batches)).toBeCloseTo(
      valuesOf(tf.metrics.precision(yTrue, yPred))[0]!,
      6,
    );
    expect(feed(new Recall(), batches)).toBeCloseTo(
      valuesOf(tf.metrics.recall(yTrue, yPred))[0]!,
      6,
    );
  });
  it('are 0 with nothing to count, and reset', () => {
    const p = new Precision();
    expect(feed(p, [[[[1]], [[0.1]]]])).toBe(0);
    const r = new Recall();
    expect(feed(r, [[[[0]], [[0.9]]]])).toBe(0);
    feed(r, batches);
    r.reset();
    expect(r.result()).toBe(0);
  });
  it('take a threshold', () => {
    expect(feed(new Precision({ threshold: 0.85 }), batches)).toBe(1);
    expect(() => new Recall({ threshold: 2 })).toThrow(
      /recall: threshold is 2: expected a number in \[0, 1\]/,
    );
  });
  it('have one-batch function forms', () => {
    expect(perExample(metrics.precision, [1, 0, 1], [0.9, 0.9, 0.1])).toEqual([0.5]);
    expect(perExample(metrics.recall, [1, 0, 1], [0.9, 0.9, 0.1])).toEqual([0.5]);
  });
});

it('a metric update that throws frees what it made', () => {
  const t = tensor([[1, 0]]);
  const p = tensor([[1, 0, 0]]);
  const before = memory().numTensors;
  expect(() => new CategoricalAccuracy().update(t, p)).toThrow(ShapeError);
  expect(() => new Precision().update(t, p)).toThrow(ShapeError);
  expect(memory().numTensors).toBe(before);
  t.dispose();
  p.dispose();
  expect(() => new TopKCategoricalAccuracy({ k: 1.5 })).toThrow(ValueError);
});
