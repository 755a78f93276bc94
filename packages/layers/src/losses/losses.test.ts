import '@glia/backend-cpu';
import { grad } from '@glia/autograd';
import {
  DTypeError,
  logSoftmax,
  memory,
  ShapeError,
  softmax,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBesideTfjs } from '../layers/tfjs-oracle';
import { losses } from './index';
import type { LossSpec } from './loss';
import { expectClose, expectNoLeakAfterEach, take, valuesOf } from './test-support';

// Reference values come from TF.js where it has the loss. TF.js's `tf.losses.*` (tfjs-core) reduce
// over all elements by default, so they are called with Reduction.NONE and averaged over the last
// axis here; `tf.metrics.*` (tfjs-layers) return per-example values as Keras does.
const NONE = tf.Reduction.NONE;

/**
 * TF.js's `tf.losses` loss `fn` of `labels` (arrays, or a TF.js tensor) and `predictions`, with no
 * weights, its `option` (delta, label smoothing) and no reduction.
 */
function tfjsLoss(
  fn: (
    labels: tf.Tensor,
    predictions: tf.Tensor,
    weights: undefined,
    option: number,
    reduction: tf.Reduction,
  ) => tf.Tensor,
  labels: number[][] | tf.Tensor,
  predictions: number[][],
  option: number,
): tf.Tensor {
  const y = labels instanceof tf.Tensor ? labels : tf.tensor(labels);
  return fn(y, tf.tensor(predictions), undefined, option, NONE);
}

/** A TF.js per-element loss averaged over the last axis, as Keras reduces. */
function tfPerExample(elementwise: tf.Tensor): number[] {
  return valuesOf(tf.mean(elementwise, -1));
}

beforeAll(useCpuBesideTfjs);
expectNoLeakAfterEach();

/**
 * A test whose body runs in a tidy scope, so the inputs it makes inline are freed; the loss's own
 * bookkeeping is checked in 'no tensor leaks' below, outside any scope.
 */
function check(name: string, body: () => void): void {
  it(name, () => tidy(body));
}

/** Runs a loss in tensor form on plain arrays, returning per-example values. */
function run(
  loss: (yTrue: Tensor, yPred: Tensor) => Tensor,
  yTrue: Tensor,
  yPred: Tensor,
): number[] {
  const out = loss(yTrue, yPred);
  const values = take(out, [yPred.shape[0]!]);
  yTrue.dispose();
  yPred.dispose();
  return values;
}

/** Small inputs whose losses are worked out by hand in the tests. */
const handLabels = [
  [0, 1],
  [2, 3],
];
const handPreds = [
  [1, 1],
  [0, 0],
];

const labels2d = [
  [0, 1, 0.5],
  [2, -1, 3],
];
const preds2d = [
  [0.5, 0.2, 0.5],
  [1, 1, -2],
];

describe('meanSquaredError', () => {
  check('is the mean squared error over the last axis, per example', () => {
    expectClose(run(losses.meanSquaredError, tensor(handLabels), tensor(handPreds)), [0.5, 6.5]);
  });
  check('keeps rank-1 inputs as one value per example', () => {
    expectClose(run(losses.meanSquaredError, tensor([1, 2]), tensor([0, 0])), [1, 4]);
  });
});

describe('meanAbsoluteError', () => {
  check('is the mean absolute error over the last axis, per example', () => {
    expectClose(run(losses.meanAbsoluteError, tensor(handLabels), tensor(handPreds)), [0.5, 2.5]);
  });
});

describe('huber', () => {
  check('is quadratic within delta and linear beyond (delta 1)', () => {
    // 0.5·0.25 = 0.125; 1·(3 - 0.5) = 2.5; mean 1.3125. And |-2| > 1: 2 - 0.5 = 1.5; 0.5·0.01 = 0.005.
    const got = run(
      losses.huber,
      tensor([
        [0, 0],
        [0, 1],
      ]),
      tensor([
        [0.5, 3],
        [-2, 1.1],
      ]),
    );
    expectClose(got, [1.3125, (1.5 + 0.005) / 2]);
  });
  check('takes delta', () => {
    const got = losses.huber(tensor([[0, 0]]), tensor([[0.5, 3]]), { delta: 2 });
    expectClose(take(got, [1]), [(0.125 + 2 * (3 - 1)) / 2]);
  });
  check('matches tf.losses.huberLoss', () => {
    for (const delta of [1, 0.5]) {
      const got = losses.huber(tensor(labels2d), tensor(preds2d), { delta });
      const ref = tfjsLoss(tf.losses.huberLoss, labels2d, preds2d, delta);
      expectClose(take(got, [2]), tfPerExample(ref));
    }
  });
  check('rejects a non-positive delta', () => {
    expect(() => losses.huber({ delta: 0 })).toThrow(/huber: delta is 0/);
  });
});

const binaryLabels = [
  [1, 0, 1],
  [0, 0, 1],
];
const binaryProbabilities = [
  [0.9, 0.2, 0.6],
  [0.3, 0.01, 0.99],
];
const binaryLogits = [
  [2.5, -1, 0.3],
  [-4, 6, 0],
];

describe('binaryCrossentropy', () => {
  check('is -[y·log p + (1 - y)·log(1 - p)] averaged over the last axis', () => {
    const got = run(losses.binaryCrossentropy, tensor([[1, 0]]), tensor([[0.9, 0.2]]));
    expectClose(got, [(-Math.log(0.9) - Math.log(0.8)) / 2]);
  });
  check('clips probabilities to [1e-7, 1 - 1e-7]', () => {
    const [got] = run(losses.binaryCrossentropy, tensor([[1, 0]]), tensor([[0, 1]]));
    // 1 - 1e-7 rounds to 1 - 2^-23 in float32, so log(1 - p) is log(2^-23) for p = 1.
    expectClose([got!], [(-Math.log(1e-7) - Math.log(2 ** -23)) / 2], 1e-4);
  });
  check('from logits: max(x,0) - x·z + log1p(exp(-|x|)), as tf.losses.sigmoidCrossEntropy', () => {
    const got = losses.binaryCrossentropy(tensor(binaryLabels), tensor(binaryLogits), {
      fromLogits: true,
    });
    const ref = tfjsLoss(tf.losses.sigmoidCrossEntropy, binaryLabels, binaryLogits, 0);
    expectClose(take(got, [2]), tfPerExample(ref));
  });
  check('from logits equals the probability path on moderate values', () => {
    const got = losses.binaryCrossentropy(tensor(binaryLabels), tensor(binaryLogits), {
      fromLogits: true,
    });
    const probabilities = tf.sigmoid(tf.tensor(binaryLogits));
    const viaProbabilities = losses.binaryCrossentropy(
      tensor(binaryLabels),
      tensor(valuesOf(probabilities), [2, 3]),
    );
    expectClose(take(got, [2]), take(viaProbabilities, [2]), 1e-4);
  });
  check('smooths labels towards 0.5', () => {
    // s = 0.2: labels [1, 0] become [0.9, 0.1].
    const got = losses.binaryCrossentropy(tensor([[1, 0]]), tensor([[0.9, 0.2]]), {
      labelSmoothing: 0.2,
    });
    const bce = (z: number, p: number) => -(z * Math.log(p) + (1 - z) * Math.log(1 - p));
    expectClose(take(got, [1]), [(bce(0.9, 0.9) + bce(0.1, 0.2)) / 2]);
    const ref = tfjsLoss(tf.losses.sigmoidCrossEntropy, binaryLabels, binaryLogits, 0.2);
    const viaLogits = losses.binaryCrossentropy(tensor(binaryLabels), tensor(binaryLogits), {
      fromLogits: true,
      labelSmoothing: 0.2,
    });
    expectClose(take(viaLogits, [2]), tfPerExample(ref));
  });
  check('stays finite for logits of ±1000', () => {
    const got = losses.binaryCrossentropy(
      tensor([[1, 0, 1, 0]]),
      tensor([[1000, -1000, -1000, 1000]]),
      { fromLogits: true },
    );
    expectClose(take(got, [1]), [(0 + 0 + 1000 + 1000) / 4]);
  });
  check('rejects labels outside [0, 1] and of the wrong shape, naming the loss and shapes', () => {
    const spec = losses.binaryCrossentropy();
    const y = tensor([[0], [2]]);
    expect(() => spec.validateLabels!(y, [2, 1])).toThrow(ValueError);
    expect(() => spec.validateLabels!(y, [2, 1])).toThrow(
      /binaryCrossentropy: label 2 .*\[2,1\].*outside \[0, 1\]/,
    );
    const flat = tensor([0, 1]);
    expect(() => spec.validateLabels!(flat, [2, 1])).toThrow(ShapeError);
    expect(() => spec.validateLabels!(flat, [2, 1])).toThrow(
      /binaryCrossentropy: labels have shape \[2\] and predictions \[2,1\].*reshape the labels to \[2,1\]/,
    );
    y.dispose();
    flat.dispose();
  });
});

const oneHotLabels = [
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
];
const classLogits = [
  [1, 2, 0.5],
  [-1, 0, 3],
  [0.2, 0.2, -2],
];
const classProbabilities = [
  [0.2, 0.7, 0.1],
  [0.05, 0.15, 0.8],
  [0.5, 0.25, 0.25],
];

describe('categoricalCrossentropy', () => {
  check('is -sum(y·log p) over the last axis', () => {
    expectClose(
      run(losses.categoricalCrossentropy, tensor([[0, 1, 0]]), tensor([[0.2, 0.7, 0.1]])),
      [-Math.log(0.7)],
    );
  });
  check('renormalises probabilities and clips them', () => {
    expectClose(run(losses.categoricalCrossentropy, tensor([[0, 1, 0]]), tensor([[1, 2, 1]])), [
      -Math.log(0.5),
    ]);
    expectClose(
      run(losses.categoricalCrossentropy, tensor([[0, 1, 0]]), tensor([[1, 0, 0]])),
      [-Math.log(1e-7)],
      1e-4,
    );
  });
  check(
    'from logits matches tf.losses.softmaxCrossEntropy, with and without label smoothing',
    () => {
      for (const labelSmoothing of [0, 0.1]) {
        const got = losses.categoricalCrossentropy(tensor(oneHotLabels), tensor(classLogits), {
          fromLogits: true,
          labelSmoothing,
        });
        const ref = tfjsLoss(
          tf.losses.softmaxCrossEntropy,
          oneHotLabels,
          classLogits,
          labelSmoothing,
        );
        expectClose(take(got, [3]), valuesOf(ref));
      }
    },
  );
  check('smooths labels as y·(1 - s) + s / numClasses', () => {
    const got = losses.categoricalCrossentropy(tensor([[0, 1, 0]]), tensor([[0.2, 0.7, 0.1]]), {
      labelSmoothing: 0.3,
    });
    const expected = -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.7) + 0.1 * Math.log(0.1));
    expectClose(take(got, [1]), [expected]);
  });
  check('from logits equals the probability path on moderate values', () => {
    const fromLogits = losses.categoricalCrossentropy(tensor(oneHotLabels), tensor(classLogits), {
      fromLogits: true,
    });
    const probabilities = softmax(tensor(classLogits));
    const labels = tensor(oneHotLabels);
    const viaProbabilities = losses.categoricalCrossentropy(labels, probabilities);
    expectClose(take(fromLogits, [3]), take(viaProbabilities, [3]), 1e-5);
    probabilities.dispose();
    labels.dispose();
  });
  check('rejects a labelSmoothing outside [0, 1]', () => {
    expect(() => losses.categoricalCrossentropy({ labelSmoothing: 1.5 })).toThrow(
      /categoricalCrossentropy: labelSmoothing is 1.5/,
    );
  });
  check('rejects labels of another shape, suggesting the sparse loss for class ids', () => {
    const spec = losses.categoricalCrossentropy();
    const ids = tensor([1, 2], [2], 'int32');
    expect(() => spec.validateLabels!(ids, [2, 3])).toThrow(ShapeError);
    expect(() => spec.validateLabels!(ids, [2, 3])).toThrow(
      /categoricalCrossentropy: labels have shape \[2\] and predictions \[2,3\].*sparseCategoricalCrossentropy/,
    );
    const predictions = tensor([
      [0.5, 0.5, 0],
      [0, 1, 0],
    ]);
    expect(() => losses.categoricalCrossentropy(ids, predictions)).toThrow(ShapeError);
    ids.dispose();
    predictions.dispose();
  });
});

describe('sparseCategoricalCrossentropy', () => {
  const ids = [1, 2, 0];
  check('is -log p[label] for int32 ids of shape [batch] or [batch, 1]', () => {
    const expected = ids.map((id, i) => -Math.log(classProbabilities[i]![id]!));
    expectClose(
      run(
        losses.sparseCategoricalCrossentropy,
        tensor(ids, [3], 'int32'),
        tensor(classProbabilities),
      ),
      expected,
    );
    expectClose(
      run(
        losses.sparseCategoricalCrossentropy,
        tensor(ids, [3, 1], 'int32'),
        tensor(classProbabilities),
      ),
      expected,
    );
  });
  check(
    'equals categoricalCrossentropy of the one-hot labels (tf.metrics.categoricalCrossentropy)',
    () => {
      const got = run(
        losses.sparseCategoricalCrossentropy,
        tensor(ids, [3], 'int32'),
        tensor(classProbabilities),
      );
      expectClose(
        got,
        valuesOf(
          tf.metrics.categoricalCrossentropy(tf.oneHot(ids, 3), tf.tensor(classProbabilities)),
        ),
      );
    },
  );
  check('from logits matches tf.losses.softmaxCrossEntropy of the one-hot labels', () => {
    const got = losses.sparseCategoricalCrossentropy(
      tensor(ids, [3], 'int32'),
      tensor(classLogits),
      { fromLogits: true },
    );
    const ref = tfjsLoss(tf.losses.softmaxCrossEntropy, tf.oneHot(ids, 3), classLogits, 0);
    expectClose(take(got, [3]), valuesOf(ref));
  });
  check('accepts float32 labels holding integers', () => {
    expectClose(
      run(losses.sparseCategoricalCrossentropy, tensor([1, 2, 0]), tensor(classProbabilities)),
      ids.map((id, i) => -Math.log(classProbabilities[i]![id]!)),
    );
  });
  check(
    'rejects an out-of-range id, a non-integral id and a bad shape, naming the loss and shapes',
    () => {
      const spec = losses.sparseCategoricalCrossentropy();
      const outOfRange = tensor([1, 3], [2], 'int32');
      const negative = tensor([-1, 0], [2], 'int32');
      const fractional = tensor([1.5, 0]);
      const oneHot = tensor([
        [0, 1, 0],
        [1, 0, 0],
      ]);
      const bool = tensor([true, false]);
      expect(() => spec.validateLabels!(outOfRange, [2, 3])).toThrow(ValueError);
      expect(() => spec.validateLabels!(outOfRange, [2, 3])).toThrow(
        /sparseCategoricalCrossentropy: labels \[2\] \(int32\), predictions \[2,3\]: label 3 at flat index 1 is outside \[0, 3\)/,
      );
      expect(() => spec.validateLabels!(negative, [2, 3])).toThrow(
        /label -1 at flat index 0 is outside \[0, 3\)/,
      );
      expect(() => spec.validateLabels!(fractional, [2, 3])).toThrow(DTypeError);
      expect(() => spec.validateLabels!(fractional, [2, 3])).toThrow(
        /sparseCategoricalCrossentropy: labels \[2\] \(float32\).*label 1.5 .* not an integer/,
      );
      expect(() => spec.validateLabels!(oneHot, [2, 3])).toThrow(ShapeError);
      expect(() => spec.validateLabels!(oneHot, [2, 3])).toThrow(
        /labels \[2,3\] \(float32\), predictions \[2,3\]: expected class ids of shape \[2\] or \[2,1\].*categoricalCrossentropy/,
      );
      expect(() => spec.validateLabels!(bool, [2, 3])).toThrow(DTypeError);
      // The tensor form checks too.
      const predictions = tensor([
        [0.2, 0.3, 0.5],
        [0.1, 0.1, 0.8],
      ]);
      expect(() => losses.sparseCategoricalCrossentropy(outOfRange, predictions)).toThrow(
        /outside \[0, 3\)/,
      );
      for (const t of [outOfRange, negative, fractional, oneHot, bool, predictions]) t.dispose();
    },
  );
  check('skips the range check when the class count is left open (-1)', () => {
    const big = tensor([7], [1], 'int32');
    expect(() =>
      losses.sparseCategoricalCrossentropy().validateLabels!(big, [1, -1]),
    ).not.toThrow();
    big.dispose();
  });
});

describe('kullbackLeiblerDivergence', () => {
  check('is sum(y·log(y / p)) over the last axis, with both clipped to [1e-7, 1]', () => {
    const got = run(
      losses.kld,
      tensor([
        [0.5, 0.5],
        [1, 0],
      ]),
      tensor([
        [0.25, 0.75],
        [0.5, 0.5],
      ]),
    );
    expectClose(got, [
      0.5 * Math.log(2) + 0.5 * Math.log(2 / 3),
      Math.log(2) + 1e-7 * Math.log(1e-7 / 0.5),
    ]);
  });
  check('matches the formula in TF.js ops', () => {
    const yTrue = [
      [0.1, 0.6, 0.3],
      [0.3, 0.3, 0.4],
    ];
    const yPred = classProbabilities.slice(0, 2);
    const t = tf.clipByValue(tf.tensor(yTrue), 1e-7, 1);
    const p = tf.clipByValue(tf.tensor(yPred), 1e-7, 1);
    const ref = tf.sum(tf.mul(t, tf.log(tf.div(t, p))), -1);
    expectClose(run(losses.kullbackLeiblerDivergence, tensor(yTrue), tensor(yPred)), valuesOf(ref));
  });
});

describe('cosineSimilarity', () => {
  check('is minus the cosine similarity over the last axis', () => {
    const got = run(
      losses.cosineSimilarity,
      tensor([
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ]),
      tensor([
        [2, 0],
        [0, 3],
        [-1, -1],
        [1, 2],
      ]),
    );
    expectClose(got, [-1, 0, 1, 0]);
  });
});

describe('hinge', () => {
  check('is mean(max(1 - y·p, 0)) for labels in {-1, 1}', () => {
    expectClose(
      run(
        losses.hinge,
        tensor([
          [1, -1],
          [-1, 1],
        ]),
        tensor([
          [0.5, -2],
          [0.3, 3],
        ]),
      ),
      [(0.5 + 0) / 2, (1.3 + 0) / 2],
    );
  });
  check('maps labels that are all 0 or 1 to {-1, 1}, as tf.losses.hingeLoss does', () => {
    const got = run(losses.hinge, tensor(binaryLabels), tensor(binaryLogits));
    const ref = tf.losses.hingeLoss(
      tf.tensor(binaryLabels),
      tf.tensor(binaryLogits),
      undefined,
      NONE,
    );
    expectClose(got, tfPerExample(ref));
  });
  check('leaves other labels as they are (TF.js always maps them: Keras does not)', () => {
    expectClose(run(losses.hinge, tensor([[1, -1, 0]]), tensor([[0.5, 0.5, 0.5]])), [
      (0.5 + 1.5 + 1) / 3,
    ]);
  });
});

describe('numerical stability: softmax followed by cross-entropy', () => {
  const extreme = [
    [1000, -1000, 0],
    [-1000, 1000, 1000],
  ];
  const labels = [
    [0, 1, 0],
    [1, 0, 0],
  ];
  const expected = extreme.map((row, i) => {
    const max = Math.max(...row);
    const logSumExp = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
    return logSumExp - row[labels[i]!.indexOf(1)]!;
  });

  function fusedOf(spec: LossSpec) {
    expect(spec.fused?.activation).toBe('softmax');
    return spec.fused!.fromLogits;
  }

  check('the fused path of categoricalCrossentropy is finite and exact on logits of ±1000', () => {
    const fused = fusedOf(losses.categoricalCrossentropy());
    const got = run(fused, tensor(labels), tensor(extreme));
    expectClose(got, expected);
    expectClose(
      run(losses.categoricalCrossentropy({ fromLogits: true }).fn, tensor(labels), tensor(extreme)),
      got,
    );
  });
  check('the fused path of sparseCategoricalCrossentropy agrees', () => {
    const fused = fusedOf(losses.sparseCategoricalCrossentropy());
    expectClose(run(fused, tensor([1, 0], [2], 'int32'), tensor(extreme)), expected);
  });
  check('the probability path after softmax stays finite (clipped), the fused one is exact', () => {
    const probabilities = softmax(tensor(extreme));
    const labelTensor = tensor(labels);
    const clipped = valuesOf(losses.categoricalCrossentropy().fn(labelTensor, probabilities));
    expect(clipped.every(Number.isFinite)).toBe(true);
    expectClose(clipped, [-Math.log(1e-7), -Math.log(1e-7)], 1e-4);
    // Free the three tensors that outlive the checks.
    labelTensor.dispose();
    probabilities.dispose();
  });
  check('the fused gradient is softmax(x) - y, finite on logits of ±1000', () => {
    const fused = fusedOf(losses.categoricalCrossentropy());
    const x = tensor(extreme);
    const y = tensor(labels);
    const g = grad((logits) => sum(fused(y, logits)))(x);
    const ref = sub(softmax(x), y);
    expectClose(valuesOf(g), valuesOf(ref));
    for (const t of [x, y, g, ref]) t.dispose();
  });
  check('sigmoid + binaryCrossentropy fuses into the logit path', () => {
    const spec = losses.binaryCrossentropy();
    expect(spec.fused?.activation).toBe('sigmoid');
    expectClose(run(spec.fused!.fromLogits, tensor([[1, 0]]), tensor([[-1000, -1000]])), [500]);
    expect(losses.binaryCrossentropy({ fromLogits: true }).fused).toBeUndefined();
  });
  check('logSoftmax reference agrees with the fused path on moderate logits', () => {
    const x = tensor(classLogits);
    const y = tensor(oneHotLabels);
    const reference = sum(logSoftmax(x), -1);
    const ref = valuesOf(reference);
    const fused = valuesOf(
      losses
        .categoricalCrossentropy()
        .fused!.fromLogits(tensor(oneHotLabels.map(() => [1, 1, 1])), x),
    );
    expectClose(
      fused,
      ref.map((v) => -v),
    );
    for (const t of [x, y, reference]) t.dispose();
  });
});

describe('no tensor leaks', () => {
  const cases: [string, (yTrue: Tensor, yPred: Tensor) => Tensor, () => [Tensor, Tensor]][] = [
    ['meanSquaredError', losses.meanSquaredError, () => [tensor(labels2d), tensor(preds2d)]],
    ['meanAbsoluteError', losses.meanAbsoluteError, () => [tensor(labels2d), tensor(preds2d)]],
    ['huber', losses.huber, () => [tensor(labels2d), tensor(preds2d)]],
    [
      'binaryCrossentropy',
      losses.binaryCrossentropy,
      () => [tensor(binaryLabels), tensor(binaryProbabilities)],
    ],
    [
      'binaryCrossentropy fused',
      losses.binaryCrossentropy().fused!.fromLogits,
      () => [tensor(binaryLabels), tensor(binaryLogits)],
    ],
    [
      'categoricalCrossentropy',
      losses.categoricalCrossentropy,
      () => [tensor(oneHotLabels), tensor(classProbabilities)],
    ],
    [
      'categoricalCrossentropy fused',
      losses.categoricalCrossentropy({ labelSmoothing: 0.1 }).fused!.fromLogits,
      () => [tensor(oneHotLabels), tensor(classLogits)],
    ],
    [
      'sparseCategoricalCrossentropy',
      losses.sparseCategoricalCrossentropy,
      () => [tensor([1, 2, 0]), tensor(classProbabilities)],
    ],
    [
      'sparseCategoricalCrossentropy fused',
      losses.sparseCategoricalCrossentropy().fused!.fromLogits,
      () => [tensor([1, 2, 0], [3, 1], 'int32'), tensor(classLogits)],
    ],
    [
      'kullbackLeiblerDivergence',
      losses.kld,
      () => [tensor(classProbabilities), tensor(classProbabilities)],
    ],
    ['cosineSimilarity', losses.cosineSimilarity, () => [tensor(labels2d), tensor(preds2d)]],
    ['hinge', losses.hinge, () => [tensor(binaryLabels), tensor(binaryLogits)]],
  ];
  for (const [name, loss, inputs] of cases) {
    it(`${name} adds exactly its output`, () => {
      const [yTrue, yPred] = inputs();
      const before = memory().numTensors;
      const out = loss(yTrue, yPred);
      expect(memory().numTensors).toBe(before + 1);
      for (const t of [out, yTrue, yPred]) t.dispose();
    });
  }
  it('a failed label check frees what it made', () => {
    const yTrue = tensor([5], [1], 'int32');
    const yPred = tensor([[0.5, 0.5]]);
    const before = memory().numTensors;
    expect(() => losses.sparseCategoricalCrossentropy(yTrue, yPred)).toThrow(ValueError);
    expect(memory().numTensors).toBe(before);
    yTrue.dispose();
    yPred.dispose();
  });
});

// TF.js layers' `tf.metrics.*` give per-example values as Keras does: each loss against its own.
describe('per-example losses match tf.metrics', () => {
  const cases: [
    string,
    (yTrue: Tensor, yPred: Tensor) => Tensor,
    (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor,
    number[][],
    number[][],
  ][] = [
    ['meanSquaredError', losses.mse, tf.metrics.meanSquaredError, labels2d, preds2d],
    ['meanAbsoluteError', losses.mae, tf.metrics.meanAbsoluteError, labels2d, preds2d],
    [
      'binaryCrossentropy',
      losses.binaryCrossentropy,
      tf.metrics.binaryCrossentropy,
      binaryLabels,
      binaryProbabilities,
    ],
    [
      'categoricalCrossentropy',
      losses.categoricalCrossentropy,
      tf.metrics.categoricalCrossentropy,
      oneHotLabels,
      classProbabilities,
    ],
    [
      'cosineSimilarity (cosineProximity)',
      losses.cosineSimilarity,
      tf.metrics.cosineProximity,
      labels2d,
      preds2d,
    ],
  ];
  it.each(cases)('%s', (_name, loss, reference, labels, predictions) =>
    tidy(() => {
      const got = run(loss, tensor(labels), tensor(predictions));
      expectClose(got, valuesOf(reference(tf.tensor(labels), tf.tensor(predictions))));
    }),
  );
});
