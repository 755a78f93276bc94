import {
  add,
  avgPool2d,
  conv2d,
  conv2dTranspose,
  max,
  maxPool2d,
  mean,
  reshape,
  type Tensor,
  transpose,
} from '@glia/core';
import { OnnxImportError } from '../../errors';
import { type OpCall, type OpImplementation, optionalTensor, tensorInput } from '../values';
import { toNchw, toNhwc } from './linear';
import { checkOutputSize } from './output-size';
import { expectRank4, pairAttr, windowPadding } from './window';

// ONNX's spatial nodes are NCHW; core's are NHWC: each runs between two Transposes (which cancel
// out against the exporter's, so a Glia model round-trips exactly).

function biasNchw(y: Tensor, bias: Tensor | undefined): Tensor {
  return bias ? add(y, reshape(bias, [1, -1, 1, 1])) : y;
}

function conv(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const w = tensorInput(call, 1);
  expectRank4(call, x.shape);
  if (call.attrs.int('group', 1) !== 1)
    throw new OnnxImportError(
      `${call.owner}: grouped convolution (group ${call.attrs.int('group', 1)}) is not supported`,
    );
  const kernel: [number, number] = [w.shape[2]!, w.shape[3]!];
  const strides = pairAttr(call, 'strides', [1, 1]);
  const dilations = pairAttr(call, 'dilations', [1, 1]);
  const padding = windowPadding(call, [x.shape[2]!, x.shape[3]!], kernel, strides, dilations);
  // OIHW -> HWIO
  const filter = transpose(w, [2, 3, 1, 0]);
  const y = toNchw(conv2d(toNhwc(x), filter, { strides, dilations, padding }));
  return biasNchw(y, optionalTensor(call, 2));
}

function convTranspose(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const w = tensorInput(call, 1);
  expectRank4(call, x.shape);
  if (call.attrs.int('group', 1) !== 1)
    throw new OnnxImportError(`${call.owner}: grouped transposed convolution is not supported`);
  const dilations = pairAttr(call, 'dilations', [1, 1]);
  if (dilations[0] !== 1 || dilations[1] !== 1)
    throw new OnnxImportError(`${call.owner}: dilated transposed convolution is not supported`);
  if (call.attrs.has('output_shape') || call.attrs.string('auto_pad', 'NOTSET') !== 'NOTSET') {
    throw new OnnxImportError(
      `${call.owner}: ConvTranspose with output_shape or auto_pad is not supported: give pads`,
    );
  }
  const kernel: [number, number] = [w.shape[2]!, w.shape[3]!];
  const strides = pairAttr(call, 'strides', [1, 1]);
  const pads = call.attrs.ints('pads', [0, 0, 0, 0]);
  const outputPadding = call.attrs.ints('output_padding', [0, 0]);
  const size = (axis: 0 | 1): number =>
    strides[axis] * (x.shape[2 + axis]! - 1) +
    outputPadding[axis]! +
    kernel[axis] -
    pads[axis]! -
    pads[axis + 2]!;
  const outShape = [x.shape[0]!, size(0), size(1), w.shape[1]!];
  checkOutputSize(call, outShape);
  // IOHW -> HW(O)(I), core's transposed-convolution filter layout.
  const filter = transpose(w, [2, 3, 1, 0]);
  const y = conv2dTranspose(toNhwc(x), filter, outShape, {
    strides,
    // The forward convolution's padding: output_padding rows lie past its last window, so they
    // get no contribution (zeros plus the bias), as ONNX defines.
    padding: [
      [pads[0]!, pads[2]!],
      [pads[1]!, pads[3]!],
    ],
  });
  return biasNchw(toNchw(y), optionalTensor(call, 2));
}

function pool(kind: 'max' | 'avg'): OpImplementation {
  return (call) => {
    const x = tensorInput(call, 0);
    expectRank4(call, x.shape);
    if (call.attrs.int('ceil_mode', 0) !== 0)
      throw new OnnxImportError(`${call.owner}: ceil_mode 1 is not supported`);
    const dilations = call.attrs.ints('dilations', [1, 1]);
    if (dilations.some((d) => d !== 1))
      throw new OnnxImportError(`${call.owner}: dilated pooling is not supported`);
    const poolSize = pairAttr(call, 'kernel_shape', [1, 1]);
    const strides = pairAttr(call, 'strides', [1, 1]);
    const padding = windowPadding(call, [x.shape[2]!, x.shape[3]!], poolSize, strides);
    const padded = padding.some(([a, b]) => a > 0 || b > 0);
    if (kind === 'avg' && padded && call.attrs.int('count_include_pad', 0) !== 0) {
      throw new OnnxImportError(`${call.owner}: count_include_pad 1 with padding is not supported`);
    }
    const op = kind === 'max' ? maxPool2d : avgPool2d;
    return toNchw(op(toNhwc(x), { poolSize, strides, padding }));
  };
}

export const CONV_OPS: Readonly<Record<string, OpImplementation>> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  MaxPool: pool('max'),
  AveragePool: pool('avg'),
  GlobalAveragePool: (call) => mean(tensorInput(call, 0), [2, 3], true),
  GlobalMaxPool: (call) => max(tensorInput(call, 0), [2, 3], true),
};
