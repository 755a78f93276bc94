import { checkOptions, ValueError } from '@glia/core';
import { Callback, type Logs } from './callback';
import {
  improves,
  type MonitorMode,
  nonNegative,
  resolveMode,
  warnMissing,
  worst,
} from './monitor';

/** `reduceLROnPlateau` settings (Keras' names and defaults). */
export interface ReduceLROnPlateauArgs {
  /** Default `'val_loss'`. */
  monitor?: string;
  /** The learning rate is multiplied by this (in (0, 1)). Default 0.1. */
  factor?: number;
  /** Epochs without improvement before lowering the rate. Default 10. */
  patience?: number;
  /** Default `'auto'`. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement. Default 1e-4. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again. Default 0. */
  cooldown?: number;
  /** The rate never goes below this. Default 0. */
  minLr?: number;
  /** 1: print each reduction. Default 0. */
  verbose?: 0 | 1;
}

const REDUCE_LR_KEYS = Object.keys({
  monitor: true,
  factor: true,
  patience: true,
  mode: true,
  minDelta: true,
  cooldown: true,
  minLr: true,
  verbose: true,
} satisfies Record<keyof ReduceLROnPlateauArgs, true>);

/** Lowers the optimizer's learning rate when the monitored value stops improving (Keras'). */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  readonly verbose: 0 | 1;
  wait = 0;
  cooldownCounter = 0;
  best: number;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    const op = 'reduceLROnPlateau';
    checkOptions(
      op,
      `${op}({ monitor?, factor?, patience?, mode?, minDelta?, cooldown?, minLr?, verbose? })`,
      args,
      REDUCE_LR_KEYS,
    );
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1))
      throw new ValueError(
        `${op}: factor must be in (0, 1) (the rate is multiplied by it), got ${this.factor}`,
      );
    this.patience = nonNegative(op, 'patience', args.patience ?? 10);
    this.mode = resolveMode(op, this.monitor, args.mode);
    this.minDelta = nonNegative(op, 'minDelta', args.minDelta ?? 1e-4);
    this.cooldown = nonNegative(op, 'cooldown', args.cooldown ?? 0);
    this.minLr = nonNegative(op, 'minLr', args.minLr ?? 0);
    this.verbose = args.verbose ?? 0;
    this.best = worst(this.mode);
  }

  override onTrainBegin(): void {
    this.best = worst(this.mode);
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    const optimizer = this.model?.compiled?.optimizer;
    if (!optimizer) return;
    if (logs) logs.lr = optimizer.learningRate;
    const current = logs?.[this.monitor];
    if (current === undefined) {
      warnMissing('reduceLROnPlateau', this.monitor, logs);
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.wait = 0;
    }
    if (improves(this.mode, current, this.best, this.minDelta)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait++;
    if (this.wait < this.patience) return;
    const oldLr = optimizer.learningRate;
    if (oldLr > this.minLr) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      optimizer.learningRate = newLr;
      if (this.verbose > 0)
        console.log(`Epoch ${epoch + 1}: reduceLROnPlateau reducing learning rate to ${newLr}.`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }
}

/**
 * Divides the learning rate by 10 (`factor`) after `patience` epochs without improvement.
 *
 * ```ts
 * reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2, minLr: 1e-5 });
 * ```
 */
export function reduceLROnPlateau(args: ReduceLROnPlateauArgs = {}): ReduceLROnPlateau {
  return new ReduceLROnPlateau(args);
}
