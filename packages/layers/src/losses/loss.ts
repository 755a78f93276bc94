import type { Tensor } from '@glia/core';

/** A loss: per-example values, shape [batch], from labels and predictions (the model averages them). */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** A loss as the training loop uses it. */
export interface LossSpec {
  /** The name saved in model.json's training config (`'sparseCategoricalCrossentropy'`). */
  readonly name: string;
  readonly fn: LossFunction;
  /**
   * The same loss computed from logits, when the model's last activation is `fusedActivation`: the
   * model then skips that activation and calls this (the stable log-softmax / log-sigmoid path).
   */
  readonly fused?: { activation: 'softmax' | 'sigmoid'; fromLogits: LossFunction };
  /** Checks labels before any weight changes (dtype, range, shape against predictions). */
  readonly validateLabels?: (yTrue: Tensor, predictionShape: readonly number[]) => void;
}

/** A loss by name (`'mse'`, `'categoricalCrossentropy'`, ...) or a function. */
export type LossIdentifier = string | LossFunction | LossSpec;
