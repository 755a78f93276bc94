import { argMax, cast, defineOp, equal, type Tensor } from '@glia/core';
import { classIds } from '../losses/sparse-categorical-crossentropy';
import { MeanMetricWrapper } from './mean-metric';
import { assertClassIdShape } from './shapes';

/**
 * Per example, 1 where the predicted class (argmax) is the integer label, else 0 (Keras'
 * `sparse_categorical_accuracy`); labels of shape [batch] or [batch, 1].
 *
 * ```ts
 * metrics.sparseCategoricalAccuracy(tensor([1, 0], [2], 'int32'), tensor([[0.3, 0.7], [0.4, 0.6]])); // [1, 0]
 * ```
 */
export const sparseCategoricalAccuracy = defineOp(
  'sparseCategoricalAccuracy(yTrue, yPred)',
  (yTrue: Tensor, yPred: Tensor): Tensor => {
    assertClassIdShape('sparseCategoricalAccuracy', yTrue, yPred);
    return cast(equal(classIds(yTrue, yPred.shape), argMax(yPred, -1)), 'float32');
  },
);

/** The mean of `sparseCategoricalAccuracy` over all examples seen. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor({ name = 'sparseCategoricalAccuracy' }: { name?: string } = {}) {
    super(name, sparseCategoricalAccuracy);
  }
}
