import {
  cast,
  DTypeError,
  dataSyncIfAvailable,
  fmtShape,
  oneHot,
  reshape,
  ShapeError,
  type Tensor,
  ValueError,
} from '@glia/core';
import { crossentropyOverLastAxis } from './categorical-crossentropy';
import { crossentropyExtras, defineLoss, shapeMatches } from './common';

/** `sparseCategoricalCrossentropy` options. */
export interface SparseCategoricalCrossentropyOptions {
  /** Predictions are logits, not probabilities (default false). */
  fromLogits?: boolean;
}

const NAME = 'sparseCategoricalCrossentropy';

/**
 * Int32 class ids shaped as the predictions without their class axis: labels of shape [batch] or
 * [batch, 1] (int32, or float32 holding integers) for predictions [batch, numClasses]. Shared with
 * the sparse metrics. Use inside a tidy scope.
 */
export function classIds(yTrue: Tensor, predictionShape: readonly number[]): Tensor {
  const ids = yTrue.dtype === 'int32' ? yTrue : cast(yTrue, 'int32');
  return reshape(ids, predictionShape.slice(0, -1));
}

/**
 * Checks sparse labels against predictions [batch, ..., numClasses]: int32 (or integral float32)
 * class ids in [0, numClasses), shaped [batch, ...] or [batch, ..., 1]. Reads the labels to the host.
 */
export function validateClassIds(
  name: string,
  yTrue: Tensor,
  predictionShape: readonly number[],
): void {
  const shapes = `labels ${fmtShape(yTrue.shape)} (${yTrue.dtype}), predictions ${fmtShape(predictionShape)}`;
  if (predictionShape.length < 2) {
    throw new ShapeError(
      `${name}: ${shapes}: expected predictions of shape [batch, ..., numClasses]`,
    );
  }
  const idShape = predictionShape.slice(0, -1);
  if (!shapeMatches(yTrue.shape, idShape) && !shapeMatches(yTrue.shape, [...idShape, 1])) {
    const hint = shapeMatches(yTrue.shape, predictionShape)
      ? ': these look one-hot, use categoricalCrossentropy (or pass class ids)'
      : '';
    throw new ShapeError(
      `${name}: ${shapes}: expected class ids of shape ${fmtShape(idShape)} or ${fmtShape([...idShape, 1])}${hint}`,
    );
  }
  if (yTrue.dtype !== 'int32' && yTrue.dtype !== 'float32') {
    throw new DTypeError(`${name}: ${shapes}: expected int32 class ids`);
  }
  const numClasses = predictionShape[predictionShape.length - 1]!;
  if (numClasses < 0) return; // the model leaves the class count open: nothing to check against
  // on a backend without synchronous reads (WebGPU) the values go unchecked here
  const values = dataSyncIfAvailable(yTrue);
  if (values === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const id = Number(values[i]);
    if (!Number.isInteger(id)) {
      throw new DTypeError(
        `${name}: ${shapes}: label ${id} at flat index ${i} is not an integer: expected int32 class ids`,
      );
    }
    if (id < 0 || id >= numClasses) {
      throw new ValueError(
        `${name}: ${shapes}: label ${id} at flat index ${i} is outside [0, ${numClasses}): expected class ids for ${numClasses} classes`,
      );
    }
  }
}

/**
 * Categorical cross-entropy for integer class ids, per example (Keras'
 * `sparse_categorical_crossentropy`): labels of shape [batch] or [batch, 1] with predictions
 * [batch, numClasses]. With `fromLogits`, -logSoftmax(x)[label]; after a softmax layer the training
 * loop takes that path (`fused`).
 *
 * ```ts
 * losses.sparseCategoricalCrossentropy(tensor([1], [1], 'int32'), tensor([[0.2, 0.7, 0.1]])); // [0.3567]
 * ```
 */
export const sparseCategoricalCrossentropy = defineLoss<SparseCategoricalCrossentropyOptions>(
  NAME,
  (yTrue, yPred, { fromLogits = false } = {}) => {
    const numClasses = yPred.shape[yPred.rank - 1]!;
    const target = oneHot(classIds(yTrue, yPred.shape), numClasses);
    return crossentropyOverLastAxis(target, yPred, fromLogits);
  },
  crossentropyExtras('softmax', (yTrue, predictionShape) =>
    validateClassIds(NAME, yTrue, predictionShape),
  ),
  undefined,
  Object.keys({ fromLogits: true } satisfies Record<
    keyof SparseCategoricalCrossentropyOptions,
    true
  >),
);
