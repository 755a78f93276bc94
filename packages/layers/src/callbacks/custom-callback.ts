import { checkOptions } from '@glia/core';
import { Callback, type Logs } from './callback';

/** The hooks of `customCallback`; each may be async. */
export interface CustomCallbackArgs {
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
}

const HOOK_KEYS = Object.keys({
  onTrainBegin: true,
  onTrainEnd: true,
  onEpochBegin: true,
  onEpochEnd: true,
  onBatchBegin: true,
  onBatchEnd: true,
} satisfies Record<keyof CustomCallbackArgs, true>);

/** A callback made of functions (TF.js' CustomCallback); `this.model` is the model being fit. */
export class CustomCallback extends Callback {
  constructor(private readonly hooks: CustomCallbackArgs) {
    super();
    checkOptions(
      'customCallback',
      `customCallback({ ${HOOK_KEYS.map((k) => `${k}?`).join(', ')} })`,
      hooks,
      HOOK_KEYS,
    );
  }
  override onTrainBegin(logs?: Logs): void | Promise<void> {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs): void | Promise<void> {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onBatchBegin(batch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onBatchBegin?.(batch, logs);
  }
  override onBatchEnd(batch: number, logs?: Logs): void | Promise<void> {
    return this.hooks.onBatchEnd?.(batch, logs);
  }
}

/**
 * A callback from plain functions.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 5, callbacks: [customCallback({ onEpochEnd: (epoch, logs) => console.log(epoch, logs) })] });
 * ```
 */
export function customCallback(hooks: CustomCallbackArgs): CustomCallback {
  return new CustomCallback(hooks);
}
