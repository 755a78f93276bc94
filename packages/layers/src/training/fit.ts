import { dispose, gather, type Prng, Tensor, tensor, tidy, ValueError } from '@glia/core';
import { Callback, type CallbackParams, type Logs } from '../callbacks/callback';
import { HistoryCallback } from '../callbacks/history';
import { ProgressBar } from '../callbacks/progress-bar';
import type { Sequential } from '../model/sequential';
import { CallbackList } from './callback-list';
import type { CompiledModel } from './compile';
import {
  checkInput,
  checkLabels,
  eachBatch,
  isBatches,
  permutation,
  positiveInteger,
  requireCompiled,
  shufflePrng,
  sliceRows,
  yieldToEventLoop,
} from './data';
import { type EvaluationData, evaluateData } from './evaluate';
import { readLoss, resetMetrics, settledMetricLogs, trainStep } from './train-on-batch';
import type { Batch, Batches, FitArgs, History } from './types';

const OP = 'fit';

/** One training batch; `owned` ones are the loop's to free. */
interface TrainingBatch extends Batch {
  owned: boolean;
}

/** Where each epoch's batches come from. */
interface TrainingSource {
  steps?: number;
  samples?: number;
  batches(epoch: number): AsyncGenerator<TrainingBatch>;
  /** Frees what the source made (validation-split slices). */
  dispose(): void;
}

/** Tensors, cut into batches, shuffled each epoch by `prng` when given. */
function tensorSource(
  x: Tensor,
  y: Tensor,
  batchSize: number,
  prng: Prng | undefined,
  owned: Tensor[],
): TrainingSource {
  const n = x.shape[0]!;
  return {
    steps: Math.ceil(n / batchSize),
    samples: n,
    async *batches() {
      const order = prng ? permutation(n, prng) : undefined;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        if (order) {
          const rows = order.subarray(start, start + size);
          const [xs, ys] = tidy(() => {
            const indices = tensor(rows, [size], 'int32');
            return [gather(x, indices), gather(y, indices)];
          });
          yield { xs: xs!, ys: ys!, owned: true };
        } else {
          yield { xs: sliceRows(x, start, size), ys: sliceRows(y, start, size), owned: true };
        }
      }
    },
    dispose: () => dispose(owned),
  };
}

/** An iterable of batches, read again each epoch; each batch is checked before it trains. */
function batchesSource(
  model: Sequential,
  compiled: CompiledModel,
  batches: Batches,
  initialEpoch: number,
): TrainingSource {
  const owned = !Array.isArray(batches);
  return {
    async *batches(epoch) {
      let count = 0;
      for await (const { xs, ys } of eachBatch(OP, batches)) {
        try {
          checkInput(OP, model, xs, 'xs');
          checkLabels(OP, model, compiled, xs, ys, 'ys');
        } catch (e) {
          if (owned) dispose([xs, ys]);
          throw e;
        }
        count++;
        yield { xs, ys, owned };
      }
      if (count === 0) {
        throw new ValueError(
          epoch === initialEpoch
            ? `${OP}: the batches yielded nothing: expected at least one { xs, ys }`
            : `${OP}: the batches yielded nothing in epoch ${epoch + 1}: a generator or iterator can be read only once; pass a Dataset or an array of { xs, ys }, which fit reads again each epoch (or use epochs: 1)`,
        );
      }
    },
    dispose: () => {},
  };
}

function checkFitArgs(args: FitArgs): void {
  if (args === null || typeof args !== 'object' || args instanceof Tensor) {
    throw new ValueError(
      `${OP}: settings must be an object ({ epochs, batchSize, ... }), got ${args === null ? 'null' : typeof args}`,
    );
  }
  if (args.epochs !== undefined) positiveInteger(OP, 'epochs', args.epochs);
  if (args.batchSize !== undefined) positiveInteger(OP, 'batchSize', args.batchSize);
  const split = args.validationSplit;
  if (split !== undefined && !(typeof split === 'number' && split >= 0 && split < 1)) {
    throw new ValueError(`${OP}: validationSplit must be a number in [0, 1), got ${String(split)}`);
  }
  const initial = args.initialEpoch;
  if (initial !== undefined && !(Number.isInteger(initial) && initial >= 0)) {
    throw new ValueError(
      `${OP}: initialEpoch must be a non-negative integer, got ${String(initial)}`,
    );
  }
  if (
    args.verbose !== undefined &&
    args.verbose !== 0 &&
    args.verbose !== 1 &&
    args.verbose !== 2
  ) {
    throw new ValueError(`${OP}: verbose must be 0, 1 or 2, got ${String(args.verbose)}`);
  }
  if (args.shuffle !== undefined && typeof args.shuffle !== 'boolean')
    throw new ValueError(`${OP}: shuffle must be true or false, got ${String(args.shuffle)}`);
  if (args.callbacks !== undefined) {
    if (!Array.isArray(args.callbacks))
      throw new ValueError(`${OP}: callbacks must be an array of Callback objects`);
    args.callbacks.forEach((c, i) => {
      if (!(c instanceof Callback)) {
        throw new ValueError(
          `${OP}: callbacks[${i}] is not a Callback: extend Callback, or use customCallback({ onEpochEnd, ... })`,
        );
      }
    });
  }
}

/** The validation data as checked tensors or batches, from `validationData`. */
function validationFrom(
  model: Sequential,
  compiled: CompiledModel,
  value: [Tensor, Tensor] | Batches,
): EvaluationData {
  if (Array.isArray(value) && value.length === 2 && value[0] instanceof Tensor) {
    const [vx, vy] = value as [Tensor, Tensor];
    checkInput(OP, model, vx, 'validationData x');
    checkLabels(OP, model, compiled, vx, vy, 'validationData y');
    if (vx.shape[0] === 0) throw new ValueError(`${OP}: validationData x has no examples`);
    return { kind: 'tensors', x: vx, y: vy };
  }
  if (isBatches(value)) return { kind: 'batches', batches: value };
  throw new ValueError(
    `${OP}: validationData must be [x, y] tensors or batches (an iterable of { xs, ys })`,
  );
}

/**
 * The training loop behind `model.fit`, as Keras': per epoch, shuffle (tensors), train batch by
 * batch, then validate; callbacks hear each step in Keras' order. Every argument is checked
 * before any weight changes.
 */
export async function fitModel(
  model: Sequential,
  xOrBatches: Tensor | Batches,
  yOrArgs?: Tensor | FitArgs,
  maybeArgs?: FitArgs,
): Promise<History> {
  const compiled = requireCompiled(OP, model);
  const args: FitArgs =
    (xOrBatches instanceof Tensor ? maybeArgs : (yOrArgs as FitArgs | undefined)) ?? {};
  checkFitArgs(args);
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  const batchSize = args.batchSize ?? 32;
  const verbose = args.verbose ?? 1;

  let source: TrainingSource;
  let validation: EvaluationData | undefined;
  if (xOrBatches instanceof Tensor) {
    const x = xOrBatches;
    const y = yOrArgs;
    checkInput(OP, model, x);
    checkLabels(OP, model, compiled, x, y);
    const n = x.shape[0]!;
    if (n === 0) throw new ValueError(`${OP}: x has no examples (shape [0,...])`);
    if (args.validationData !== undefined)
      validation = validationFrom(model, compiled, args.validationData);
    const split = args.validationSplit ?? 0;
    const shuffle = args.shuffle ?? true;
    // Drawn only when shuffling, so that shuffle: false leaves core's generator untouched.
    const prng = shuffle ? shufflePrng(args.seed) : undefined;
    if (split > 0 && args.validationData === undefined) {
      // As Keras: the last examples, before any shuffling.
      const trainCount = Math.floor(n * (1 - split));
      if (trainCount === 0 || trainCount === n) {
        throw new ValueError(
          `${OP}: validationSplit ${split} of ${n} examples leaves ${trainCount} to train on and ${n - trainCount} to validate on: expected at least one of each`,
        );
      }
      const [xTrain, yTrain, xVal, yVal] = [
        sliceRows(x, 0, trainCount),
        sliceRows(y, 0, trainCount),
        sliceRows(x, trainCount, n - trainCount),
        sliceRows(y, trainCount, n - trainCount),
      ];
      validation = { kind: 'tensors', x: xVal, y: yVal };
      source = tensorSource(xTrain, yTrain, batchSize, prng, [xTrain, yTrain, xVal, yVal]);
    } else {
      source = tensorSource(x, y, batchSize, prng, []);
    }
  } else if (isBatches(xOrBatches)) {
    if (yOrArgs instanceof Tensor)
      throw new ValueError(
        `${OP}: got batches and a labels tensor: batches carry their labels ({ xs, ys }); pass settings as the second argument`,
      );
    if ((args.validationSplit ?? 0) > 0)
      throw new ValueError(
        `${OP}: validationSplit needs tensors x and y: with batches, pass validationData`,
      );
    if (args.validationData !== undefined)
      validation = validationFrom(model, compiled, args.validationData);
    source = batchesSource(model, compiled, xOrBatches, initialEpoch);
  } else {
    throw new ValueError(
      `${OP}: expected (x: Tensor, y: Tensor) or batches (an iterable of { xs, ys }), got ${xOrBatches === null ? 'null' : typeof xOrBatches}`,
    );
  }

  try {
    return await trainEpochs(model, compiled, source, validation, {
      epochs,
      initialEpoch,
      batchSize,
      verbose,
      callbacks: args.callbacks ?? [],
    });
  } finally {
    source.dispose();
  }
}

async function trainEpochs(
  model: Sequential,
  compiled: CompiledModel,
  source: TrainingSource,
  validation: EvaluationData | undefined,
  settings: {
    epochs: number;
    initialEpoch: number;
    batchSize: number;
    verbose: 0 | 1 | 2;
    callbacks: Callback[];
  },
): Promise<History> {
  const { epochs, initialEpoch, batchSize, verbose } = settings;
  const history = new HistoryCallback();
  // Keras' order: the progress bar first, the user's callbacks, History last.
  const callbacks = new CallbackList([
    ...(verbose > 0 ? [new ProgressBar({ verbose: verbose as 1 | 2 })] : []),
    ...settings.callbacks,
    history,
  ]);
  const metricNames = ['loss', ...compiled.metrics.map((m) => m.name)];
  const params: CallbackParams = {
    epochs,
    initialEpoch,
    steps: source.steps,
    samples: source.samples,
    verbose,
    doValidation: validation !== undefined,
    metrics: [...metricNames, ...(validation ? metricNames.map((m) => `val_${m}`) : [])],
  };
  callbacks.setModel(model);
  callbacks.setParams(params);
  model.stopTraining = false;

  await callbacks.onTrainBegin();
  let lastLogs: Logs = {};
  for (let epoch = initialEpoch; epoch < epochs; epoch++) {
    resetMetrics(compiled);
    await callbacks.onEpochBegin(epoch);
    let lossSum = 0;
    let count = 0;
    let step = 0;
    for await (const batch of source.batches(epoch)) {
      const size = batch.xs.shape[0]!;
      let loss: number;
      try {
        await callbacks.onBatchBegin(step, { batch: step, size });
        loss = await readLoss(trainStep(model, compiled, batch.xs, batch.ys));
      } finally {
        if (batch.owned) dispose([batch.xs, batch.ys]);
      }
      lossSum += loss * size;
      count += size;
      await callbacks.onBatchEnd(step, {
        loss: lossSum / count,
        ...(await settledMetricLogs(compiled)),
      });
      step++;
      await yieldToEventLoop();
      if (model.stopTraining) break;
    }
    if (params.steps === undefined) params.steps = step;
    const logs: Logs = { loss: lossSum / count, ...(await settledMetricLogs(compiled)) };
    if (validation) {
      const valLogs = await evaluateData(
        `${OP} (validation)`,
        model,
        compiled,
        validation,
        batchSize,
      );
      for (const [key, value] of Object.entries(valLogs)) logs[`val_${key}`] = value;
    }
    await callbacks.onEpochEnd(epoch, logs);
    lastLogs = logs;
    if (model.stopTraining) break;
  }
  await callbacks.onTrainEnd(lastLogs);
  return history.toJSON();
}
