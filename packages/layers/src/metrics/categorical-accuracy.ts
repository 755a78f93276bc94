import { argMax, cast, defineOp, equal, type Tensor } from '@glia/core';
import { MeanMetricWrapper } from './mean-metric';
import { assertSameShape } from './shapes';

/**
 * Per example, 1 where the predicted class (argmax) is the one-hot label's class, else 0 (Keras'
 * `categorical_accuracy`).
 *
 * ```ts
 * metrics.categoricalAccuracy(tensor([[0, 1], [1, 0]]), tensor([[0.3, 0.7], [0.4, 0.6]])); // [1, 0]
 * ```
 */
export const categoricalAccuracy = defineOp(
  'categoricalAccuracy(yTrue, yPred)',
  (yTrue: Tensor, yPred: Tensor): Tensor => {
    assertSameShape('categoricalAccuracy', yTrue, yPred);
    return cast(equal(argMax(yTrue, -1), argMax(yPred, -1)), 'float32');
  },
);

/** The mean of `categoricalAccuracy` over all examples seen. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor({ name = 'categoricalAccuracy' }: { name?: string } = {}) {
    super(name, categoricalAccuracy);
  }
}
