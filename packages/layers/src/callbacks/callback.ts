import type { Tensor } from '@glia/core';
import type { Optimizer } from '@glia/optimizers';
import type { SaveResult, SaveTarget } from '../io/io-types';

/** Metric values by name (`loss`, `accuracy`, `val_loss`, ...). */
export type Logs = Record<string, number>;

/** What a callback may use of the model being fit. */
export interface CallbackModel {
  readonly name: string;
  /** Set to true to end `fit` after the current batch. */
  stopTraining: boolean;
  compiled?: { optimizer: Optimizer };
  getWeights(): Tensor[];
  setWeights(values: readonly Tensor[]): void;
  save(target: SaveTarget, options?: { includeOptimizer?: boolean }): Promise<SaveResult>;
}

/** What `fit` tells its callbacks before training starts (Keras' `callback.params`). */
export interface CallbackParams {
  /** The `epochs` argument: training runs epochs `initialEpoch` .. `epochs - 1`. */
  epochs: number;
  initialEpoch: number;
  /** Batches per epoch; undefined for batch iterables until one epoch has been seen. */
  steps?: number;
  /** Training examples per epoch (tensors only). */
  samples?: number;
  verbose: 0 | 1 | 2;
  /** Whether each epoch ends with a validation pass (so the logs hold `val_*`). */
  doValidation: boolean;
  /** The log keys each epoch produces: `loss`, the metrics, and their `val_` forms. */
  metrics: string[];
}

/**
 * A hook into `fit`/`evaluate`/`predict`. Every method may be async; the loop awaits it. Set
 * `model.stopTraining = true` to end `fit` after the current batch.
 *
 * ```ts
 * class PrintLoss extends Callback {
 *   override onEpochEnd(epoch: number, logs?: Logs) {
 *     console.log(`epoch ${epoch}: loss ${logs?.loss}`);
 *   }
 * }
 * await model.fit(x, y, { epochs: 5, callbacks: [new PrintLoss()] });
 * ```
 */
export abstract class Callback {
  model?: CallbackModel;
  /** Set by `fit` before `onTrainBegin`. */
  params?: CallbackParams;
  setModel(model: CallbackModel): void {
    this.model = model;
  }
  setParams(params: CallbackParams): void {
    this.params = params;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}
