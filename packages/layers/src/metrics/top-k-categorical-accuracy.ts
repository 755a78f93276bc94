import {
  argMax,
  cast,
  defineOp,
  greater,
  less,
  mul,
  oneHot,
  sum,
  type Tensor,
  ValueError,
} from '@glia/core';
import { asFloat } from '../losses/common';
import { classIds } from '../losses/sparse-categorical-crossentropy';
import { MeanMetricWrapper } from './mean-metric';
import { assertClassIdShape, assertSameShape } from './shapes';

function checkK(name: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new ValueError(`${name}: k is ${k}: expected a positive integer`);
  }
}

/**
 * 1 where the target class's score is among the k highest. As TF's `in_top_k`, ties at the k-th
 * place count as in: the target is in when fewer than k classes score strictly higher.
 */
function inTopK(target: Tensor, yPred: Tensor, k: number): Tensor {
  const p = asFloat(yPred);
  const numClasses = p.shape[p.rank - 1]!;
  const targetScore = sum(mul(p, oneHot(target, numClasses)), -1, true);
  const higher = sum(greater(p, targetScore), -1);
  return cast(less(higher, k), 'float32');
}

/**
 * Per example, 1 where the one-hot label's class is among the k highest predictions (Keras'
 * `top_k_categorical_accuracy`, k = 5).
 *
 * ```ts
 * metrics.topKCategoricalAccuracy(tensor([[0, 0, 1]]), tensor([[0.5, 0.3, 0.2]]), 2); // [0]
 * ```
 */
export const topKCategoricalAccuracy = defineOp(
  'topKCategoricalAccuracy(yTrue, yPred, k?)',
  (yTrue: Tensor, yPred: Tensor, k: number = 5): Tensor => {
    checkK('topKCategoricalAccuracy', k);
    assertSameShape('topKCategoricalAccuracy', yTrue, yPred);
    return inTopK(argMax(yTrue, -1), yPred, k);
  },
);

/**
 * Per example, 1 where the integer label is among the k highest predictions (Keras'
 * `sparse_top_k_categorical_accuracy`, k = 5); labels of shape [batch] or [batch, 1].
 */
export const sparseTopKCategoricalAccuracy = defineOp(
  'sparseTopKCategoricalAccuracy(yTrue, yPred, k?)',
  (yTrue: Tensor, yPred: Tensor, k: number = 5): Tensor => {
    checkK('sparseTopKCategoricalAccuracy', k);
    assertClassIdShape('sparseTopKCategoricalAccuracy', yTrue, yPred);
    return inTopK(classIds(yTrue, yPred.shape), yPred, k);
  },
);

/** `TopKCategoricalAccuracy` options. */
export interface TopKOptions {
  name?: string;
  /** How many of the highest predictions count (default 5). */
  k?: number;
}

/** The mean of `topKCategoricalAccuracy` over all examples seen. */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor({ name = 'topKCategoricalAccuracy', k = 5 }: TopKOptions = {}) {
    checkK(name, k);
    super(name, (yTrue, yPred) => topKCategoricalAccuracy(yTrue, yPred, k));
  }
}

/** The mean of `sparseTopKCategoricalAccuracy` over all examples seen. */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor({ name = 'sparseTopKCategoricalAccuracy', k = 5 }: TopKOptions = {}) {
    checkK(name, k);
    super(name, (yTrue, yPred) => sparseTopKCategoricalAccuracy(yTrue, yPred, k));
  }
}
