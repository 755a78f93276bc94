import { checkOptions, ValueError } from '@glia/core';
import type { SaveTarget } from '../io/io-types';
import { Callback, type Logs } from './callback';
import {
  improves,
  type MonitorMode,
  requireField,
  resolveMode,
  warnMissing,
  worst,
} from './monitor';

/** `modelCheckpoint` settings (Keras' names and defaults). */
export interface ModelCheckpointArgs {
  /**
   * Where to save: a URL-like string (`'file://checkpoints/epoch-{epoch}'`) or an IOHandler. In a
   * string, `{epoch}` is the epoch number from 1 (`{epoch:03d}` pads it), and `{key}` or
   * `{key:.4f}` a log value (`{val_loss:.2f}`).
   */
  filepath: SaveTarget;
  /** The log key `saveBestOnly` watches. Default `'val_loss'`. */
  monitor?: string;
  /** Save only when `monitor` improves on the best so far. Default false (save every epoch). */
  saveBestOnly?: boolean;
  /** Default `'auto'`: `max` for accuracy-like keys, else `min`. */
  mode?: MonitorMode;
  /** Save the optimizer's state as well. Default false. */
  includeOptimizer?: boolean;
  /** 1: print each save. Default 0. */
  verbose?: 0 | 1;
}

const MODEL_CHECKPOINT_KEYS = Object.keys({
  filepath: true,
  monitor: true,
  saveBestOnly: true,
  mode: true,
  includeOptimizer: true,
  verbose: true,
} satisfies Record<keyof ModelCheckpointArgs, true>);

/** Fills `{epoch}`, `{epoch:02d}`, `{key}` and `{key:.3f}` in a checkpoint path. */
export function formatCheckpointPath(template: string, epoch: number, logs: Logs = {}): string {
  const values: Logs = { ...logs, epoch: epoch + 1 };
  return template.replace(
    /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g,
    (whole, key: string, spec: string | undefined) => {
      const value = values[key];
      if (value === undefined) {
        throw new ValueError(
          `modelCheckpoint: filepath '${template}' names '{${key}}', which is not in the logs (available: ${Object.keys(values).join(', ')})`,
        );
      }
      if (spec === undefined || spec === '') return String(value);
      const padded = /^0?(\d+)d$/.exec(spec);
      if (padded)
        return String(Math.round(value)).padStart(
          Number(padded[1]),
          spec.startsWith('0') ? '0' : ' ',
        );
      const fixed = /^\.(\d+)f$/.exec(spec);
      if (fixed) return value.toFixed(Number(fixed[1]));
      const exponent = /^\.(\d+)e$/.exec(spec);
      if (exponent) return value.toExponential(Number(exponent[1]));
      throw new ValueError(
        `modelCheckpoint: '${whole}' in filepath: unknown format '${spec}' (use d, 0Nd, .Nf or .Ne)`,
      );
    },
  );
}

/**
 * Saves the model at the end of each epoch, or only when `monitor` improves. The save itself is
 * `model.save`'s, whose file handler writes a whole new copy before it replaces the old one, so
 * an interrupted run never leaves a half-written checkpoint.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: SaveTarget;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly mode: 'min' | 'max';
  readonly includeOptimizer: boolean;
  readonly verbose: 0 | 1;
  best: number;

  constructor(args: ModelCheckpointArgs) {
    super();
    const op = 'modelCheckpoint';
    checkOptions(
      op,
      `${op}({ filepath, monitor?, saveBestOnly?, mode?, includeOptimizer?, verbose? })`,
      args,
      MODEL_CHECKPOINT_KEYS,
    );
    requireField(op, args, 'filepath', "{ filepath: 'file://checkpoints/model' }");
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.mode = resolveMode(op, this.monitor, args.mode);
    this.includeOptimizer = args.includeOptimizer ?? false;
    this.verbose = args.verbose ?? 0;
    this.best = worst(this.mode);
  }

  override onTrainBegin(): void {
    this.best = worst(this.mode);
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const model = this.model;
    if (!model) return;
    if (this.saveBestOnly) {
      const current = logs?.[this.monitor];
      if (current === undefined) {
        warnMissing('modelCheckpoint', this.monitor, logs);
        return;
      }
      if (!improves(this.mode, current, this.best, 0)) {
        if (this.verbose > 0)
          console.log(`Epoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best}`);
        return;
      }
      if (this.verbose > 0)
        console.log(`Epoch ${epoch + 1}: ${this.monitor} improved from ${this.best} to ${current}`);
      this.best = current;
    }
    const target =
      typeof this.filepath === 'string'
        ? formatCheckpointPath(this.filepath, epoch, logs)
        : this.filepath;
    const result = await model.save(target, { includeOptimizer: this.includeOptimizer });
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: saved the model to ${result.location}`);
  }
}

/**
 * Saves the model during `fit`.
 *
 * ```ts
 * modelCheckpoint({ filepath: 'file://checkpoints/best', monitor: 'val_accuracy', saveBestOnly: true });
 * ```
 */
export function modelCheckpoint(args: ModelCheckpointArgs): ModelCheckpoint {
  return new ModelCheckpoint(args);
}
