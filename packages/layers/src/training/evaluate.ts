import { dispose, Tensor, tidy, ValueError } from '@glia/core';
import { formatLogs } from '../callbacks/progress-bar';
import type { Sequential } from '../model/sequential';
import type { CompiledModel } from './compile';
import {
  checkInput,
  checkLabels,
  eachBatch,
  isBatches,
  positiveInteger,
  requireCompiled,
  sliceRows,
  yieldToEventLoop,
} from './data';
import { evaluateStep, readLoss, resetMetrics, settledMetricLogs } from './train-on-batch';
import type { Batches, EvaluateArgs, Logs } from './types';

/** Examples and labels to evaluate on: checked tensors, or batches checked one by one. */
export type EvaluationData =
  | { kind: 'tensors'; x: Tensor; y: Tensor }
  | { kind: 'batches'; batches: Batches };

/**
 * Loss and metrics over `data` in inference mode: each the mean over examples (batches weigh by
 * their size). Tensors given as batches that are not in an array are the loop's: it frees them.
 */
export async function evaluateData(
  op: string,
  model: Sequential,
  compiled: CompiledModel,
  data: EvaluationData,
  batchSize: number,
): Promise<Logs> {
  resetMetrics(compiled);
  let lossSum = 0;
  let count = 0;
  if (data.kind === 'tensors') {
    const { x, y } = data;
    const n = x.shape[0]!;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const loss = await readLoss(
        tidy(() =>
          evaluateStep(model, compiled, sliceRows(x, start, size), sliceRows(y, start, size)),
        ),
      );
      lossSum += loss * size;
      count += size;
    }
  } else {
    const owned = !Array.isArray(data.batches);
    for await (const { xs, ys } of eachBatch(op, data.batches)) {
      try {
        checkInput(op, model, xs, 'xs');
        checkLabels(op, model, compiled, xs, ys, 'ys');
        const size = xs.shape[0]!;
        const loss = await readLoss(evaluateStep(model, compiled, xs, ys));
        lossSum += loss * size;
        count += size;
      } finally {
        if (owned) dispose([xs, ys]);
      }
      await yieldToEventLoop();
    }
    if (count === 0) {
      throw new ValueError(
        `${op}: the batches yielded no examples (a generator or iterator can be read only once: pass a Dataset or an array of { xs, ys } to read it again)`,
      );
    }
  }
  return { loss: lossSum / count, ...(await settledMetricLogs(compiled)) };
}

/** The loop behind `model.evaluate`. */
export async function evaluateModel(
  model: Sequential,
  xOrBatches: Tensor | Batches,
  yOrArgs?: Tensor | EvaluateArgs,
  maybeArgs?: EvaluateArgs,
): Promise<Logs> {
  const op = 'evaluate';
  const compiled = requireCompiled(op, model);
  let data: EvaluationData;
  let args: EvaluateArgs;
  if (xOrBatches instanceof Tensor) {
    checkInput(op, model, xOrBatches);
    checkLabels(op, model, compiled, xOrBatches, yOrArgs);
    if (xOrBatches.shape[0] === 0) throw new ValueError(`${op}: x has no examples (shape [0,...])`);
    data = { kind: 'tensors', x: xOrBatches, y: yOrArgs };
    args = maybeArgs ?? {};
  } else if (isBatches(xOrBatches)) {
    if (yOrArgs instanceof Tensor)
      throw new ValueError(
        `${op}: got batches and a labels tensor: batches carry their labels ({ xs, ys }); pass settings as the second argument`,
      );
    data = { kind: 'batches', batches: xOrBatches };
    args = yOrArgs ?? {};
  } else {
    throw new ValueError(
      `${op}: expected (x: Tensor, y: Tensor) or batches (an iterable of { xs, ys }), got ${xOrBatches === null ? 'null' : typeof xOrBatches}`,
    );
  }
  const batchSize = positiveInteger(op, 'batchSize', args.batchSize ?? 32);
  if (args.verbose !== undefined && args.verbose !== 0 && args.verbose !== 1)
    throw new ValueError(`${op}: verbose must be 0 or 1, got ${String(args.verbose)}`);
  const logs = await evaluateData(op, model, compiled, data, batchSize);
  if (args.verbose === 1) console.log(`evaluate${formatLogs(logs)}`);
  return logs;
}
