import { variableGrads } from '@glia/autograd';
import { add, keep, mean, sigmoid, softmax, type Tensor, tidy } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { CompiledModel } from './compile';
import { checkInput, checkLabels, requireCompiled } from './data';
import type { Logs } from './types';

/**
 * The model's output for `x` as the loss wants it: logits when the last activation is fused into
 * the loss, else the full output.
 */
function forward(model: Sequential, compiled: CompiledModel, x: Tensor, training: boolean): Tensor {
  return model.apply(x, { training }, compiled.fusedLogits);
}

/** The mean loss over the batch plus every layer's regularization penalty: a scalar. */
function totalLoss(model: Sequential, compiled: CompiledModel, y: Tensor, output: Tensor): Tensor {
  const { loss } = compiled;
  const perExample =
    compiled.fusedLogits && loss.fused ? loss.fused.fromLogits(y, output) : loss.fn(y, output);
  let total = mean(perExample);
  for (const layer of model.layers) {
    const penalty = layer.regularizationLoss();
    if (penalty) total = add(total, penalty);
  }
  return total;
}

/** Probabilities for the metrics: the output with its fused activation put back. */
function predictions(compiled: CompiledModel, output: Tensor): Tensor {
  if (!compiled.fusedLogits) return output;
  return compiled.loss.fused?.activation === 'sigmoid' ? sigmoid(output) : softmax(output);
}

/**
 * One optimizer step on a checked batch: gradients of the loss (plus regularization) for every
 * trainable weight, applied by the optimizer; the metrics see the batch's predictions. Returns
 * the batch loss as a scalar tensor, for the caller to read (`readLoss`) and free; every other
 * intermediate tensor is freed.
 */
export function trainStep(
  model: Sequential,
  compiled: CompiledModel,
  x: Tensor,
  y: Tensor,
): Tensor {
  return tidy(() => {
    const variables = model.trainableWeights.map((w) => w.variable);
    const held: { output?: Tensor } = {};
    const f = (): Tensor => {
      // Kept past the gradient tape's scopes for the metrics; freed below.
      const output = keep(forward(model, compiled, x, true));
      held.output = output;
      return totalLoss(model, compiled, y, output);
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
      updateMetrics(compiled, y, held.output!);
      return lossValue;
    } finally {
      held.output?.dispose();
    }
  });
}

/** The loss of a checked batch in inference mode, updating the metrics; returns the batch loss (a scalar tensor, see `readLoss`). */
export function evaluateStep(
  model: Sequential,
  compiled: CompiledModel,
  x: Tensor,
  y: Tensor,
): Tensor {
  return tidy(() => {
    const output = forward(model, compiled, x, false);
    const loss = totalLoss(model, compiled, y, output);
    updateMetrics(compiled, y, output);
    return loss;
  });
}

function updateMetrics(compiled: CompiledModel, y: Tensor, output: Tensor): void {
  if (compiled.metrics.length === 0) return;
  tidy(() => {
    const yPred = predictions(compiled, output);
    for (const metric of compiled.metrics) metric.update(y, yPred);
  });
}

/** The current value of every metric, by name. */
/**
 * The value of a scalar loss `trainStep`/`evaluateStep` returned, read with `await` (so backends
 * that read asynchronously only, like gpu.js's webgpu mode, train too); frees the tensor.
 */
export async function readLoss(loss: Tensor): Promise<number> {
  try {
    return (await loss.data())[0]!;
  } finally {
    loss.dispose();
  }
}

/** `metricLogs` once every read the metrics started is done (see `Metric.settle`). */
export async function settledMetricLogs(compiled: CompiledModel): Promise<Logs> {
  await Promise.all(compiled.metrics.map((metric) => metric.settle?.()));
  return metricLogs(compiled);
}

export function metricLogs(compiled: CompiledModel): Logs {
  const logs: Logs = {};
  for (const metric of compiled.metrics) logs[metric.name] = metric.result();
  return logs;
}

/** Resets every metric (epoch start, evaluation start). */
export function resetMetrics(compiled: CompiledModel): void {
  for (const metric of compiled.metrics) metric.reset();
}

/**
 * One optimizer step on one batch, as Keras' `train_on_batch`: checks `x` and `y` before computing
 * anything, and returns the batch's loss and metrics (the metrics restart at each call).
 */
export function trainOnBatchModel(model: Sequential, x: Tensor, y: Tensor): Logs {
  const op = 'trainOnBatch';
  const compiled = requireCompiled(op, model);
  checkInput(op, model, x);
  checkLabels(op, model, compiled, x, y);
  resetMetrics(compiled);
  const lossValue = trainStep(model, compiled, x, y);
  let loss: number;
  try {
    loss = lossValue.dataSync()[0]!; // trainOnBatch is synchronous: fit reads with await instead
  } finally {
    lossValue.dispose();
  }
  return { loss, ...metricLogs(compiled) };
}
