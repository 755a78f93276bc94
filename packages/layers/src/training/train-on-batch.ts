import { variableGrads } from '@glia/autograd';
import {
  add,
  keep,
  mean,
  mul,
  scalar,
  sigmoid,
  softmax,
  stack,
  type Tensor,
  tidy,
} from '@glia/core';
import { checkedBatch, requireCompiled } from './data';
import type { CompiledModel, CompiledOutput, TrainableModel } from './model-api';
import type { Logs, ModelData } from './types';

/**
 * The model's outputs for `xs` as the losses want them: logits where an output's activation is
 * fused into its loss, else the full outputs.
 */
function forward(
  model: TrainableModel,
  compiled: CompiledModel,
  xs: readonly Tensor[],
  training: boolean,
): Tensor[] {
  return model.execute(
    xs,
    { training },
    compiled.outputs.map((o) => o.fusedLogits),
  );
}

/** One output's mean loss over the batch. */
function outputLoss(output: CompiledOutput, y: Tensor, prediction: Tensor): Tensor {
  const { loss } = output;
  const perExample =
    output.fusedLogits && loss.fused
      ? loss.fused.fromLogits(y, prediction)
      : loss.fn(y, prediction);
  return mean(perExample);
}

/**
 * The weighted sum of the outputs' mean losses plus every regularization penalty (a scalar), and
 * each output's own mean loss.
 */
function totalLoss(
  model: TrainableModel,
  compiled: CompiledModel,
  ys: readonly Tensor[],
  outputs: readonly Tensor[],
): { total: Tensor; parts: Tensor[] } {
  const parts = compiled.outputs.map((o, i) => outputLoss(o, ys[i]!, outputs[i]!));
  let total = parts
    .map((part, i) => {
      const w = compiled.outputs[i]!.weight;
      return w === 1 ? part : mul(part, scalar(w));
    })
    .reduce((a, b) => add(a, b));
  const penalty = model.regularizationLoss();
  if (penalty) total = add(total, penalty);
  return { total, parts };
}

/**
 * The total loss and, for several outputs, each output's loss, as one 1-D tensor (one read gets
 * them all): what `trainStep` and `evaluateStep` return for `readLosses` to read.
 */
function lossVector(losses: { total: Tensor; parts: Tensor[] }): Tensor {
  return stack(losses.parts.length === 1 ? [losses.total] : [losses.total, ...losses.parts]);
}

/**
 * The values of the losses `trainStep`/`evaluateStep` returned, read with `await` (so backends that
 * read asynchronously only, like gpu.js's webgpu mode, train too); frees the tensor.
 */
export async function readLosses(losses: Tensor): Promise<number[]> {
  try {
    return Array.from(await losses.data());
  } finally {
    losses.dispose();
  }
}

/** Probabilities for the metrics: the output with its fused activation put back. */
function predictions(output: CompiledOutput, prediction: Tensor): Tensor {
  if (!output.fusedLogits) return prediction;
  return output.loss.fused?.activation === 'sigmoid' ? sigmoid(prediction) : softmax(prediction);
}

/**
 * One optimizer step on a checked batch: gradients of the loss (plus regularization) for every
 * trainable weight, applied by the optimizer; the metrics see the batch's predictions. Returns
 * the batch's total loss, then (several outputs) each output's loss, as one tensor for the caller to
 * read (`readLosses`) and free; every other intermediate tensor is freed.
 */
export function trainStep(
  model: TrainableModel,
  compiled: CompiledModel,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
): Tensor {
  return tidy(() => {
    const variables = model.trainableWeights.map((w) => w.variable);
    const held: { outputs?: Tensor[]; parts?: Tensor[] } = {};
    const f = (): Tensor => {
      // Kept past the gradient tape's scopes for the metrics and the logs; freed below.
      const outputs = forward(model, compiled, xs, true).map((t) => keep(t));
      held.outputs = outputs;
      const { total, parts } = totalLoss(model, compiled, ys, outputs);
      held.parts = parts.length > 1 ? parts.map((p) => keep(p)) : [];
      return total;
    };
    try {
      let lossValue: Tensor;
      if (variables.length === 0) {
        lossValue = f();
      } else {
        const { value, grads } = variableGrads(f, variables);
        lossValue = value;
        const updates = variables
          .filter((v) => grads[v.name] !== undefined)
          .map((v) => ({ name: v.name, param: v, grad: grads[v.name]! }));
        compiled.optimizer.applyGradients(updates);
      }
      const losses = lossVector({
        total: lossValue,
        parts: held.parts!.length > 0 ? held.parts! : [lossValue],
      });
      updateMetrics(compiled, ys, held.outputs!);
      return losses;
    } finally {
      for (const t of [...(held.outputs ?? []), ...(held.parts ?? [])]) t.dispose();
    }
  });
}

/**
 * The losses of a checked batch in inference mode, updating the metrics; returned as `trainStep`
 * returns them (see `readLosses`).
 */
export function evaluateStep(
  model: TrainableModel,
  compiled: CompiledModel,
  xs: readonly Tensor[],
  ys: readonly Tensor[],
): Tensor {
  return tidy(() => {
    const outputs = forward(model, compiled, xs, false);
    const losses = lossVector(totalLoss(model, compiled, ys, outputs));
    updateMetrics(compiled, ys, outputs);
    return losses;
  });
}

function updateMetrics(
  compiled: CompiledModel,
  ys: readonly Tensor[],
  outputs: readonly Tensor[],
): void {
  if (compiled.outputs.every((o) => o.metrics.length === 0)) return;
  tidy(() => {
    compiled.outputs.forEach((output, i) => {
      if (output.metrics.length === 0) return;
      const yPred = predictions(output, outputs[i]!);
      for (const metric of output.metrics) metric.update(ys[i]!, yPred);
    });
  });
}

/**
 * The log keys, as Keras: `loss` and the metrics for one output; for several, also
 * `<output>_loss` and `<output>_<metric>`.
 */
export function logNames(compiled: CompiledModel): string[] {
  const many = compiled.outputs.length > 1;
  return [
    'loss',
    ...(many ? compiled.outputs.map((o) => `${o.name}_loss`) : []),
    ...compiled.outputs.flatMap((o) =>
      o.metrics.map((m) => (many ? `${o.name}_${m.name}` : m.name)),
    ),
  ];
}

/** Running loss sums over a pass: the total and (several outputs) each output's. */
export class LossAccumulator {
  private sums: number[] = [];
  count = 0;

  add(losses: readonly number[], size: number): void {
    losses.forEach((l, i) => {
      this.sums[i] = (this.sums[i] ?? 0) + l * size;
    });
    this.count += size;
  }

  /** `loss` and `<output>_loss` means so far. */
  logs(compiled: CompiledModel): Logs {
    const logs: Logs = { loss: this.sums[0]! / this.count };
    if (compiled.outputs.length > 1) {
      compiled.outputs.forEach((o, i) => {
        logs[`${o.name}_loss`] = this.sums[i + 1]! / this.count;
      });
    }
    return logs;
  }
}

/** The current value of every metric, by log name. */
export function metricLogs(compiled: CompiledModel): Logs {
  const logs: Logs = {};
  const many = compiled.outputs.length > 1;
  for (const output of compiled.outputs) {
    for (const metric of output.metrics)
      logs[many ? `${output.name}_${metric.name}` : metric.name] = metric.result();
  }
  return logs;
}

/** `metricLogs` once every read the metrics started is done (see `Metric.settle`). */
export async function settledMetricLogs(compiled: CompiledModel): Promise<Logs> {
  await Promise.all(
    compiled.outputs.flatMap((output) => output.metrics.map((metric) => metric.settle?.())),
  );
  return metricLogs(compiled);
}

/** Resets every metric (epoch start, evaluation start). */
export function resetMetrics(compiled: CompiledModel): void {
  for (const output of compiled.outputs) for (const metric of output.metrics) metric.reset();
}

/**
 * One optimizer step on one batch, as Keras' `train_on_batch`: checks `x` and `y` before computing
 * anything, and resolves to the batch's loss and metrics (the metrics restart at each call). Async,
 * as in TF.js: the loss is read with `await`, so it works on backends that read asynchronously.
 */
export async function trainOnBatchModel(
  model: TrainableModel,
  x: ModelData,
  y: ModelData,
): Promise<Logs> {
  const op = 'trainOnBatch';
  const compiled = requireCompiled(op, model);
  const batch = checkedBatch(op, model, compiled, x, y);
  resetMetrics(compiled);
  const losses = await readLosses(trainStep(model, compiled, batch.xs, batch.ys));
  const acc = new LossAccumulator();
  acc.add(losses, 1);
  return { ...acc.logs(compiled), ...(await settledMetricLogs(compiled)) };
}
