import type { Callback, CallbackModel, CallbackParams, Logs } from '../callbacks/callback';

/** Calls each callback in turn, awaiting each (Keras' CallbackList). */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[]) {}

  setModel(model: CallbackModel): void {
    for (const c of this.callbacks) c.setModel(model);
  }

  setParams(params: CallbackParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }

  async onTrainBegin(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }

  async onTrainEnd(logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }

  async onEpochBegin(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }

  async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }

  async onBatchBegin(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }

  async onBatchEnd(batch: number, logs?: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
}
