import { checkOptions, concat, type Tensor, tidy, ValueError } from '@glia/core';
import { formatSymbolicShape } from '../engine/symbolic-shape';
import { checkInputs, sliceRows, toTensorList } from './data';
import type { TrainableModel } from './model-api';
import { EVALUATE_KEYS, PREDICT_FORM } from './options';
import type { EvaluateArgs, ModelData } from './types';

/**
 * Runs the model over `x` in batches (inference mode) and joins the outputs: one tensor for a
 * model of one output, else one per output, in output order. The caller owns the result.
 */
export function predictModel(
  model: TrainableModel,
  x: ModelData,
  args: EvaluateArgs = {},
): Tensor | Tensor[] {
  const op = 'predict';
  checkOptions(op, PREDICT_FORM, args, EVALUATE_KEYS);
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`${op}: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (model.layers.length === 0)
    throw new ValueError(`${op}: the model has no layers: add layers before predicting`);
  const xs = toTensorList(op, x, model.inputNames, 'x', 'input');
  if (xs.some((t) => t.rank === 0))
    throw new ValueError(`${op}: x is a scalar: expected a batch, shape ${describeInputs(model)}`);
  checkInputs(op, model, xs);
  const n = xs[0]!.shape[0]!;
  const outputs = tidy(() => {
    if (n <= batchSize) return model.execute(xs, { training: false });
    const parts: Tensor[][] = model.outputNames.map(() => []);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const batch = tidy(() =>
        model.execute(
          xs.map((t) => sliceRows(t, start, size)),
          { training: false },
        ),
      );
      batch.forEach((t, i) => {
        parts[i]!.push(t);
      });
    }
    return parts.map((p) => concat(p, 0));
  });
  return outputs.length === 1 ? outputs[0]! : outputs;
}

function describeInputs(model: TrainableModel): string {
  return model.inputShapes.map(formatSymbolicShape).join(', ');
}
