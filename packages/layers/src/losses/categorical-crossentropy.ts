import {
  add,
  clipByValue,
  div,
  fmtShape,
  log,
  logSoftmax,
  mul,
  neg,
  ShapeError,
  sum,
  type Tensor,
} from '@glia/core';
import {
  asFloat,
  assertNumericLabels,
  checkLabelSmoothing,
  crossentropyExtras,
  defineLoss,
  EPSILON,
  shapeMatches,
} from './common';

/** `categoricalCrossentropy` options. */
export interface CategoricalCrossentropyOptions {
  /** Predictions are logits, not probabilities (default false). */
  fromLogits?: boolean;
  /** Mixes one-hot labels with the uniform distribution: y·(1 - s) + s / numClasses (default 0). */
  labelSmoothing?: number;
}

const NAME = 'categoricalCrossentropy';

/**
 * -sum(y·log p) over the last (class) axis, from probabilities or logits: the part the categorical
 * and sparse cross-entropies share. Probabilities are renormalised to sum to 1 and clipped to
 * [1e-7, 1 - 1e-7] as Keras does; logits go through logSoftmax, which is finite for any logit.
 */
export function crossentropyOverLastAxis(
  target: Tensor,
  yPred: Tensor,
  fromLogits: boolean,
): Tensor {
  const p = asFloat(yPred);
  let logProbabilities: Tensor;
  if (fromLogits) {
    logProbabilities = logSoftmax(p, -1);
  } else {
    const normalised = div(p, sum(p, -1, true));
    logProbabilities = log(clipByValue(normalised, EPSILON, 1 - EPSILON));
  }
  return neg(sum(mul(target, logProbabilities), -1));
}

function validateCategoricalLabels(yTrue: Tensor, predictionShape: readonly number[]): void {
  assertNumericLabels(NAME, yTrue, 'float32 one-hot labels');
  if (predictionShape.length < 2) {
    throw new ShapeError(
      `${NAME}: predictions have shape ${fmtShape(predictionShape)}: expected [batch, ..., numClasses]`,
    );
  }
  if (shapeMatches(yTrue.shape, predictionShape)) return;
  const classIdShape = predictionShape.slice(0, -1);
  const looksSparse =
    shapeMatches(yTrue.shape, classIdShape) || shapeMatches(yTrue.shape, [...classIdShape, 1]);
  const hint = looksSparse
    ? ': these look like class ids, use sparseCategoricalCrossentropy (or one-hot encode them)'
    : '';
  throw new ShapeError(
    `${NAME}: labels have shape ${fmtShape(yTrue.shape)} and predictions ${fmtShape(predictionShape)}: expected one-hot labels of the same shape as the predictions${hint}`,
  );
}

/**
 * Categorical cross-entropy over the last axis, per example, for one-hot (or soft) labels (Keras'
 * `categorical_crossentropy`). Probabilities are renormalised and clipped to [1e-7, 1 - 1e-7];
 * with `fromLogits`, -sum(y·logSoftmax(x)). After a softmax layer the training loop takes that
 * logit path (`fused`), so saturated softmax outputs still give finite losses and gradients.
 *
 * ```ts
 * losses.categoricalCrossentropy(tensor([[0, 1, 0]]), tensor([[0.2, 0.7, 0.1]])); // [0.3567]
 * losses.categoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }); // a LossSpec
 * ```
 */
export const categoricalCrossentropy = defineLoss<CategoricalCrossentropyOptions>(
  NAME,
  (yTrue, yPred, { fromLogits = false, labelSmoothing = 0 } = {}) => {
    let target = asFloat(yTrue);
    if (labelSmoothing > 0) {
      const numClasses = yPred.shape[yPred.rank - 1]!;
      target = add(mul(target, 1 - labelSmoothing), labelSmoothing / numClasses);
    }
    return crossentropyOverLastAxis(target, yPred, fromLogits);
  },
  crossentropyExtras('softmax', validateCategoricalLabels),
  (options) => checkLabelSmoothing(NAME, options?.labelSmoothing),
  Object.keys({ fromLogits: true, labelSmoothing: true } satisfies Record<
    keyof CategoricalCrossentropyOptions,
    true
  >),
);
