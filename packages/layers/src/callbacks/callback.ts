import type { Sequential } from '../model/sequential';

/** Metric values by name (`loss`, `accuracy`, `val_loss`, ...). */
export type Logs = Record<string, number>;

/**
 * A hook into `fit`/`evaluate`/`predict`. Every method may be async; the loop awaits it. Set
 * `model.stopTraining = true` to end `fit` after the current batch.
 */
export abstract class Callback {
  model?: Sequential;
  setModel(model: Sequential): void {
    this.model = model;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
}
