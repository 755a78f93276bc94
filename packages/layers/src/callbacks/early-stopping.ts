import { checkOptions, dispose, type Tensor } from '@glia/core';
import { Callback, type Logs } from './callback';
import {
  improves,
  type MonitorMode,
  nonNegative,
  resolveMode,
  warnMissing,
  worst,
} from './monitor';

/** `earlyStopping` settings (Keras' names and defaults). */
export interface EarlyStoppingArgs {
  /** The log key to watch. Default `'val_loss'`. */
  monitor?: string;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** Default `'auto'`: `max` for accuracy-like keys, else `min`. */
  mode?: MonitorMode;
  /** A value the monitored key must beat; training stops if it has not after `patience` epochs. */
  baseline?: number;
  /** At the end of training, put back the weights of the best epoch. Default false. */
  restoreBestWeights?: boolean;
  /** 1: print the epoch where training stopped. Default 0. */
  verbose?: 0 | 1;
}

const EARLY_STOPPING_KEYS = Object.keys({
  monitor: true,
  minDelta: true,
  patience: true,
  mode: true,
  baseline: true,
  restoreBestWeights: true,
  verbose: true,
} satisfies Record<keyof EarlyStoppingArgs, true>);

/** Stops training when the monitored value has stopped improving (Keras' EarlyStopping). */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly baseline?: number;
  readonly restoreBestWeights: boolean;
  readonly verbose: 0 | 1;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch at which it stopped training (0: it did not). */
  stoppedEpoch = 0;
  best = 0;
  bestEpoch = 0;
  private bestWeights?: Tensor[];

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    const op = 'earlyStopping';
    checkOptions(
      op,
      `${op}({ monitor?, minDelta?, patience?, mode?, baseline?, restoreBestWeights?, verbose? })`,
      args,
      EARLY_STOPPING_KEYS,
    );
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(nonNegative(op, 'minDelta', args.minDelta ?? 0));
    this.patience = nonNegative(op, 'patience', args.patience ?? 0);
    this.mode = resolveMode(op, this.monitor, args.mode);
    if (args.baseline !== undefined) this.baseline = args.baseline;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.verbose = args.verbose ?? 0;
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = worst(this.mode);
    this.bestEpoch = 0;
    this.dropBestWeights();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const current = logs?.[this.monitor];
    if (current === undefined) {
      warnMissing('earlyStopping', this.monitor, logs);
      return;
    }
    const model = this.model;
    // As Keras: with no improvement at all, the first epoch's weights are the ones to restore.
    if (this.restoreBestWeights && !this.bestWeights && model)
      this.bestWeights = model.getWeights();
    this.wait++;
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights && model) {
        this.dropBestWeights();
        this.bestWeights = model.getWeights();
      }
      // Only a value that also beats the baseline restarts the count.
      if (
        this.baseline === undefined ||
        improves(this.mode, current, this.baseline, this.minDelta)
      ) {
        this.wait = 0;
        return;
      }
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      if (model) model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0)
      console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights && this.model) {
      if (this.verbose > 0)
        console.log(
          `Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`,
        );
      this.model.setWeights(this.bestWeights);
    }
    this.dropBestWeights();
  }

  private dropBestWeights(): void {
    if (this.bestWeights) dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

/**
 * Stops `fit` when `monitor` has not improved for `patience` epochs.
 *
 * ```ts
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [earlyStopping({ patience: 3 })] });
 * ```
 */
export function earlyStopping(args: EarlyStoppingArgs = {}): EarlyStopping {
  return new EarlyStopping(args);
}
