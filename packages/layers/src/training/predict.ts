import { concat, slice as sliceBatch, type Tensor, tidy, ValueError } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { EvaluateArgs } from './types';

/** Runs the model over `x` in batches (inference mode) and joins the outputs. */
export function predictModel(model: Sequential, x: Tensor, args: EvaluateArgs = {}): Tensor {
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`predict: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (model.layers.length === 0)
    throw new ValueError('predict: the model has no layers: add layers before predicting');
  if (x.rank === 0)
    throw new ValueError(
      `predict: x is a scalar: expected a batch, shape ${model.describeInput()}`,
    );
  const n = x.shape[0]!;
  if (n <= batchSize) return model.apply(x);
  return tidy(() => {
    const outputs: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const batch = tidy(() => {
        const begin = x.shape.map((_, i) => (i === 0 ? start : 0));
        const sizes = x.shape.map((d, i) => (i === 0 ? size : d));
        return model.apply(sliceBatch(x, begin, sizes));
      });
      outputs.push(batch);
    }
    return concat(outputs, 0);
  });
}
