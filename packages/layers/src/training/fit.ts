import {
  checkOptions,
  dispose,
  gather,
  type Prng,
  Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { Callback, type CallbackParams, type Logs } from '../callbacks/callback';
import { CustomCallback, type CustomCallbackArgs } from '../callbacks/custom-callback';
import { HistoryCallback } from '../callbacks/history';
import { ProgressBar } from '../callbacks/progress-bar';
import { CallbackList } from './callback-list';
import {
  batchTensors,
  checkedBatch,
  eachBatch,
  permutation,
  positiveInteger,
  requireCompiled,
  shufflePrng,
  sliceRows,
  type TensorBatch,
  yieldToEventLoop,
} from './data';
import { type EvaluationData, evaluateData, isBatchData } from './evaluate';
import type { CompiledModel, TrainableModel } from './model-api';
import { FIT_FORM, FIT_KEYS } from './options';
import {
  LossAccumulator,
  logNames,
  readLosses,
  resetMetrics,
  settledMetricLogs,
  trainStep,
} from './train-on-batch';
import type { Batches, FitArgs, History, ModelData } from './types';

const OP = 'fit';

/** One training batch; `owned` ones are the loop's to free. */
interface TrainingBatch extends TensorBatch {
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
  data: TensorBatch,
  batchSize: number,
  prng: Prng | undefined,
  owned: Tensor[],
): TrainingSource {
  const all = [...data.xs, ...data.ys];
  const inputs = data.xs.length;
  const n = data.xs[0]!.shape[0]!;
  return {
    steps: Math.ceil(n / batchSize),
    samples: n,
    async *batches() {
      const order = prng ? permutation(n, prng) : undefined;
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        if (order) {
          const rows = order.subarray(start, start + size);
          const picked = tidy(() => {
            const indices = tensor(rows, [size], 'int32');
            return all.map((t) => gather(t, indices));
          });
          yield { xs: picked.slice(0, inputs), ys: picked.slice(inputs), owned: true };
        } else {
          const picked = all.map((t) => sliceRows(t, start, size));
          yield { xs: picked.slice(0, inputs), ys: picked.slice(inputs), owned: true };
        }
      }
    },
    dispose: () => dispose(owned),
  };
}

/** An iterable of batches, read again each epoch; each batch is checked before it trains. */
function batchesSource(
  model: TrainableModel,
  compiled: CompiledModel,
  batches: Batches,
  initialEpoch: number,
): TrainingSource {
  const owned = !Array.isArray(batches);
  return {
    async *batches(epoch) {
      let count = 0;
      for await (const { xs, ys } of eachBatch(OP, batches)) {
        let batch: TensorBatch;
        try {
          batch = checkedBatch(OP, model, compiled, xs, ys, { x: 'xs', y: 'ys' });
        } catch (e) {
          if (owned) dispose([...batchTensors(xs), ...batchTensors(ys)]);
          throw e;
        }
        count++;
        yield { ...batch, owned };
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
  if (args instanceof Tensor)
    throw new ValueError(`${OP}: options must be an object, got a Tensor: expected ${FIT_FORM}`);
  checkOptions(OP, FIT_FORM, args, FIT_KEYS);
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
  if (args.callbacks !== undefined) toCallbacks(args.callbacks);
}

const HOOKS = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
] as const;

function isHooks(value: unknown): value is CustomCallbackArgs {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The callbacks, with plain objects of hooks (`{ onEpochEnd }`, as TF.js takes them) wrapped as
 * custom callbacks. An unknown hook name or a hook that is not a function is an error.
 */
export function toCallbacks(value: FitArgs['callbacks']): Callback[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value) && !isHooks(value))
    throw new ValueError(
      `${OP}: callbacks must be an array of Callback objects or of objects of hooks ({ onEpochEnd, ... })`,
    );
  return list.map((c, i) => {
    if (c instanceof Callback) return c;
    const where = Array.isArray(value) ? `callbacks[${i}]` : 'callbacks';
    if (!isHooks(c)) {
      throw new ValueError(
        `${OP}: ${where} is not a Callback: extend Callback, or pass an object of hooks ({ onEpochEnd(epoch, logs) {...} })`,
      );
    }
    for (const [key, hook] of Object.entries(c)) {
      if (!(HOOKS as readonly string[]).includes(key))
        throw new ValueError(`${OP}: ${where} has '${key}': hooks are ${HOOKS.join(', ')}`);
      if (typeof hook !== 'function')
        throw new ValueError(`${OP}: ${where}.${key} is ${typeof hook}: expected a function`);
    }
    return new CustomCallback(c);
  });
}

/** Whether `value` is one input's or target's data (a tensor, an array or object of tensors). */
function isModelData(value: unknown): boolean {
  return value instanceof Tensor || (batchTensors(value).length > 0 && !isBatchData(value));
}

/** The validation data as checked tensors or batches, from `validationData`. */
function validationFrom(
  model: TrainableModel,
  compiled: CompiledModel,
  value: [ModelData, ModelData] | Batches,
): EvaluationData {
  if (Array.isArray(value) && value.length === 2 && isModelData(value[0])) {
    const batch = checkedBatch(OP, model, compiled, value[0], value[1], {
      x: 'validationData x',
      y: 'validationData y',
    });
    if (batch.xs[0]!.shape[0] === 0)
      throw new ValueError(`${OP}: validationData x has no examples`);
    return { kind: 'tensors', ...batch };
  }
  if (isBatchData(value)) return { kind: 'batches', batches: value };
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
  model: TrainableModel,
  xOrBatches: ModelData | Batches,
  yOrArgs?: ModelData | FitArgs,
  maybeArgs?: FitArgs,
): Promise<History> {
  const compiled = requireCompiled(OP, model);
  const batched = isBatchData(xOrBatches);
  const args: FitArgs = (batched ? (yOrArgs as FitArgs | undefined) : maybeArgs) ?? {};
  checkFitArgs(args);
  const epochs = args.epochs ?? 1;
  const initialEpoch = args.initialEpoch ?? 0;
  const batchSize = args.batchSize ?? 32;
  const verbose = args.verbose ?? 1;

  let source: TrainingSource;
  let validation: EvaluationData | undefined;
  if (!batched) {
    if (xOrBatches === null || typeof xOrBatches !== 'object')
      throw new ValueError(
        `${OP}: expected (x: Tensor, y: Tensor) or batches (an iterable of { xs, ys }), got ${xOrBatches === null ? 'null' : typeof xOrBatches}`,
      );
    const data = checkedBatch(OP, model, compiled, xOrBatches, yOrArgs);
    const n = data.xs[0]!.shape[0]!;
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
      const head = (t: Tensor): Tensor => sliceRows(t, 0, trainCount);
      const tail = (t: Tensor): Tensor => sliceRows(t, trainCount, n - trainCount);
      const train = { xs: data.xs.map(head), ys: data.ys.map(head) };
      const held = { xs: data.xs.map(tail), ys: data.ys.map(tail) };
      validation = { kind: 'tensors', ...held };
      source = tensorSource(train, batchSize, prng, [
        ...train.xs,
        ...train.ys,
        ...held.xs,
        ...held.ys,
      ]);
    } else {
      source = tensorSource(data, batchSize, prng, []);
    }
  } else {
    if (yOrArgs !== undefined && batchTensors(yOrArgs).length > 0)
      throw new ValueError(
        `${OP}: got batches and a labels tensor: batches carry their labels ({ xs, ys }); pass settings as the second argument`,
      );
    if ((args.validationSplit ?? 0) > 0)
      throw new ValueError(
        `${OP}: validationSplit needs tensors x and y: with batches, pass validationData`,
      );
    if (args.validationData !== undefined)
      validation = validationFrom(model, compiled, args.validationData);
    source = batchesSource(model, compiled, xOrBatches as Batches, initialEpoch);
  }

  try {
    return await trainEpochs(model, compiled, source, validation, {
      epochs,
      initialEpoch,
      batchSize,
      verbose,
      callbacks: args.callbacks === undefined ? [] : toCallbacks(args.callbacks),
    });
  } finally {
    source.dispose();
  }
}

async function trainEpochs(
  model: TrainableModel,
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
  const metricNames = logNames(compiled);
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
    const losses = new LossAccumulator();
    let step = 0;
    for await (const batch of source.batches(epoch)) {
      const size = batch.xs[0]!.shape[0]!;
      let values: number[];
      try {
        await callbacks.onBatchBegin(step, { batch: step, size });
        values = await readLosses(trainStep(model, compiled, batch.xs, batch.ys));
      } finally {
        if (batch.owned) dispose([...batch.xs, ...batch.ys]);
      }
      losses.add(values, size);
      await callbacks.onBatchEnd(step, {
        ...losses.logs(compiled),
        ...(await settledMetricLogs(compiled)),
      });
      step++;
      await yieldToEventLoop();
      if (model.stopTraining) break;
    }
    if (params.steps === undefined) params.steps = step;
    const logs: Logs = { ...losses.logs(compiled), ...(await settledMetricLogs(compiled)) };
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
