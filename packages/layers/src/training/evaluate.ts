import { checkOptions, dispose, Tensor, tidy, ValueError } from '@glia/core';
import { formatLogs } from '../callbacks/progress-bar';
import {
  batchTensors,
  checkedBatch,
  eachBatch,
  isBatches,
  positiveInteger,
  requireCompiled,
  sliceRows,
  type TensorBatch,
  yieldToEventLoop,
} from './data';
import type { CompiledModel, TrainableModel } from './model-api';
import { EVALUATE_FORM, EVALUATE_KEYS } from './options';
import {
  evaluateStep,
  LossAccumulator,
  readLosses,
  resetMetrics,
  settledMetricLogs,
} from './train-on-batch';
import type { Batches, EvaluateArgs, Logs, ModelData } from './types';

/** Examples and labels to evaluate on: checked tensors, or batches checked one by one. */
export type EvaluationData =
  | ({ kind: 'tensors' } & TensorBatch)
  | { kind: 'batches'; batches: Batches };

/**
 * Loss and metrics over `data` in inference mode: each the mean over examples (batches weigh by
 * their size). Tensors given as batches that are not in an array are the loop's: it frees them.
 */
export async function evaluateData(
  op: string,
  model: TrainableModel,
  compiled: CompiledModel,
  data: EvaluationData,
  batchSize: number,
): Promise<Logs> {
  resetMetrics(compiled);
  const losses = new LossAccumulator();
  if (data.kind === 'tensors') {
    const { xs, ys } = data;
    const n = xs[0]!.shape[0]!;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const values = await readLosses(
        tidy(() =>
          evaluateStep(
            model,
            compiled,
            xs.map((x) => sliceRows(x, start, size)),
            ys.map((y) => sliceRows(y, start, size)),
          ),
        ),
      );
      losses.add(values, size);
    }
  } else {
    const owned = !Array.isArray(data.batches);
    for await (const { xs, ys } of eachBatch(op, data.batches)) {
      try {
        const batch = checkedBatch(op, model, compiled, xs, ys, { x: 'xs', y: 'ys' });
        const size = batch.xs[0]!.shape[0]!;
        losses.add(await readLosses(evaluateStep(model, compiled, batch.xs, batch.ys)), size);
      } finally {
        if (owned) dispose([...batchTensors(xs), ...batchTensors(ys)]);
      }
      await yieldToEventLoop();
    }
    if (losses.count === 0) {
      throw new ValueError(
        `${op}: the batches yielded no examples (a generator or iterator can be read only once: pass a Dataset or an array of { xs, ys } to read it again)`,
      );
    }
  }
  return { ...losses.logs(compiled), ...(await settledMetricLogs(compiled)) };
}

/** The loop behind `model.evaluate`. */
export async function evaluateModel(
  model: TrainableModel,
  xOrBatches: ModelData | Batches,
  yOrArgs?: ModelData | EvaluateArgs,
  maybeArgs?: EvaluateArgs,
): Promise<Logs> {
  const op = 'evaluate';
  const compiled = requireCompiled(op, model);
  const batched = isBatchData(xOrBatches);
  const given = batched ? yOrArgs : maybeArgs;
  // Labels after batches get their own error below.
  if (given !== undefined && !(batched && batchTensors(given).length > 0))
    checkOptions(op, EVALUATE_FORM, given, EVALUATE_KEYS);
  let data: EvaluationData;
  let args: EvaluateArgs;
  if (batched) {
    if (yOrArgs !== undefined && batchTensors(yOrArgs).length > 0)
      throw new ValueError(
        `${op}: got batches and a labels tensor: batches carry their labels ({ xs, ys }); pass settings as the second argument`,
      );
    data = { kind: 'batches', batches: xOrBatches };
    args = (yOrArgs as EvaluateArgs | undefined) ?? {};
  } else {
    if (xOrBatches === null || typeof xOrBatches !== 'object')
      throw new ValueError(
        `${op}: expected (x: Tensor, y: Tensor) or batches (an iterable of { xs, ys }), got ${xOrBatches === null ? 'null' : typeof xOrBatches}`,
      );
    const batch = checkedBatch(op, model, compiled, xOrBatches, yOrArgs);
    if (batch.xs[0]!.shape[0] === 0)
      throw new ValueError(`${op}: x has no examples (shape [0,...])`);
    data = { kind: 'tensors', ...batch };
    args = maybeArgs ?? {};
  }
  const batchSize = positiveInteger(op, 'batchSize', args.batchSize ?? 32);
  if (args.verbose !== undefined && args.verbose !== 0 && args.verbose !== 1)
    throw new ValueError(`${op}: verbose must be 0 or 1, got ${String(args.verbose)}`);
  const logs = await evaluateData(op, model, compiled, data, batchSize);
  if (args.verbose === 1) console.log(`evaluate${formatLogs(logs)}`);
  return logs;
}

/** An array of `{ xs, ys }` batches (as opposed to an array of input tensors). */
export function isBatchArray(value: unknown): boolean {
  return Array.isArray(value) && !value.some((v) => v instanceof Tensor);
}

/** Batches of any iterable kind, as opposed to a model's input tensors. */
export function isBatchData(value: unknown): value is Batches {
  return Array.isArray(value) ? isBatchArray(value) : isBatches(value);
}
