import { batchNorm, moments, type Tensor, transpose } from '@glia/core';
import { OnnxImportError } from '../../errors';
import { type OpCall, type OpImplementation, tensorInput } from '../values';

/** BatchNormalization, inference form: the features axis (1) moved last, as core's batchNorm (and Glia's layer) computes. */
function batchNormalization(call: OpCall): Tensor {
  if (call.attrs.int('training_mode', 0) !== 0) {
    throw new OnnxImportError(
      `${call.owner}: training_mode 1 is not supported: export the model in inference mode`,
    );
  }
  const x = tensorInput(call, 0);
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => tensorInput(call, i)) as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
  ];
  const options = { scale, offset: bias, epsilon: call.attrs.float('epsilon', 1e-5) };
  if (x.rank === 2) return batchNorm(x, mean, variance, options);
  const rank = x.rank;
  const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const toFirst = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  return transpose(batchNorm(transpose(x, toLast), mean, variance, options), toFirst);
}

/** LayerNormalization over axes `axis`..last: moments, then core's batchNorm (as Glia's layer). */
function layerNormalization(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const scale = tensorInput(call, 1);
  const bias = call.inputs[2] === undefined ? undefined : tensorInput(call, 2);
  const axis = call.attrs.int('axis', -1);
  const first = axis < 0 ? axis + x.rank : axis;
  const axes = Array.from({ length: x.rank - first }, (_, i) => first + i);
  const { mean, variance } = moments(x, axes, true);
  return batchNorm(x, mean, variance, {
    scale,
    ...(bias ? { offset: bias } : {}),
    epsilon: call.attrs.float('epsilon', 1e-5),
  });
}

export const NORMALIZATION_OPS: Readonly<Record<string, OpImplementation>> = {
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
};
