import type { Tensor } from '@glia/core';
import type { Optimizer } from '@glia/optimizers';
import type { Callback, Logs } from '../callbacks/callback';
import type { CustomCallbackArgs } from '../callbacks/custom-callback';
import type { LossIdentifier } from '../losses/loss';
import type { MetricIdentifier } from '../metrics/metric';

/** Something given per model output: one for all, an array in output order, or keyed by output name. */
export type PerOutput<T> = T | T[] | Record<string, T>;

/** `model.compile` settings. */
export interface CompileArgs {
  /** An optimizer or its name (`'adam'`, `'sgd'`, ...; Keras defaults). */
  optimizer: string | Optimizer;
  /** One loss for every output, or one per output (an array, or keyed by output name). */
  loss: PerOutput<LossIdentifier>;
  /** Each output's weight in the total loss (default 1 each). */
  lossWeights?: number[] | Record<string, number>;
  /**
   * `'accuracy'` picks binary, categorical or sparse accuracy from the loss and output, as Keras.
   * A flat list applies to every output; per output: an array of lists, or keyed by output name.
   */
  metrics?:
    | MetricIdentifier[]
    | MetricIdentifier[][]
    | Record<string, MetricIdentifier | MetricIdentifier[]>;
}

/**
 * A model's inputs or targets: one tensor (one input / output), an array in the model's order, or
 * an object keyed by input / output layer name.
 */
export type ModelData = Tensor | Tensor[] | Record<string, Tensor>;

/** One batch of examples and labels (a tensor each, or one per input / output). */
export interface Batch<T extends ModelData = ModelData> {
  xs: T;
  ys: T;
}

/**
 * Anything `fit` and `evaluate` take instead of tensors: a Dataset, a generator, an array. `fit`
 * reads it again each epoch, so a one-shot generator serves only `epochs: 1`. Batches from an array
 * stay the caller's; batches from any other iterable are freed once used (as TF.js' fitDataset).
 */
export type Batches = AsyncIterable<Batch> | Iterable<Batch>;

/** `model.fit` settings (Keras names and defaults). */
export interface FitArgs {
  /** Default 1. */
  epochs?: number;
  /** Default 32 (ignored for batch iterables). */
  batchSize?: number;
  /** Fraction of the examples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  validationData?: [ModelData, ModelData] | Batches;
  /** Shuffle the training examples each epoch (default true; tensors only). */
  shuffle?: boolean;
  /** Seeds shuffling (and nothing else: seed weights with core's `setSeed`). */
  seed?: number;
  /** Callback objects, or plain objects of hooks (`{ onEpochEnd(epoch, logs) {...} }`), as TF.js. */
  callbacks?: (Callback | CustomCallbackArgs)[] | CustomCallbackArgs;
  /** The epoch to start at (resuming). Default 0. */
  initialEpoch?: number;
  /** 0 silent, 1 progress bar (plain lines when not a TTY), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
}

/** `model.evaluate` / `model.predict` settings. */
export interface EvaluateArgs {
  /** Default 32 (ignored for batch iterables). */
  batchSize?: number;
  /** 1 prints the results on one line (evaluate). Default 0. */
  verbose?: 0 | 1;
}

/** What `fit` returns: each metric's value per epoch, as Keras' History. */
export interface History {
  epoch: number[];
  history: Record<string, number[]>;
}

export type { Logs };
