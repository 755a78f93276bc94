import {
  abs,
  add,
  clipByValue,
  div,
  elu,
  erf,
  exp,
  greater,
  leakyRelu,
  log,
  logSoftmax,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  reshape,
  selu,
  sigmoid,
  softmax,
  softplus,
  sqrt,
  sub,
  type Tensor,
  tanh,
  where,
} from '@glia/core';
import { OnnxImportError } from '../../errors';
import { isHost, type OpCall, type OpImplementation, tensorInput } from '../values';

const unary =
  (f: (x: Tensor) => Tensor): OpImplementation =>
  (call) =>
    f(tensorInput(call, 0));
const binary =
  (f: (a: Tensor, b: Tensor) => Tensor): OpImplementation =>
  (call) =>
    f(tensorInput(call, 0), tensorInput(call, 1));

/** ONNX's variadic ops (Max, Min, Sum, Mean): every input folded in order, with broadcasting. */
function foldInputs(call: OpCall, f: (a: Tensor, b: Tensor) => Tensor): Tensor {
  if (call.inputs.length === 0)
    throw new OnnxImportError(`${call.owner}: expected at least one input`);
  let acc = tensorInput(call, 0);
  for (let i = 1; i < call.inputs.length; i++) acc = f(acc, tensorInput(call, i));
  return call.inputs.length === 1 ? acc.clone() : acc;
}

const variadic =
  (f: (a: Tensor, b: Tensor) => Tensor): OpImplementation =>
  (call) =>
    foldInputs(call, f);

// Core's SELU constants: a node with exactly these runs core's selu kernel.
const SELU_ALPHA = Math.fround(1.6732632423543772);
const SELU_GAMMA = Math.fround(1.0507009873554805);

function seluOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const alpha = call.attrs.float('alpha', SELU_ALPHA);
  const gamma = call.attrs.float('gamma', SELU_GAMMA);
  if (Math.fround(alpha) === SELU_ALPHA && Math.fround(gamma) === SELU_GAMMA) return selu(x);
  return mul(where(greater(x, 0), x, mul(sub(exp(x), 1), alpha)), gamma);
}

function eluOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const alpha = call.attrs.float('alpha', 1);
  return alpha === 1 ? elu(x) : where(greater(x, 0), x, mul(sub(exp(x), 1), alpha));
}

function clipOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const bound = (i: number, attr: string, fallback: number): number => {
    const v = call.inputs[i];
    if (call.opset < 11) return call.attrs.float(attr, fallback);
    if (v === undefined) return fallback;
    if (isHost(v)) return v.data[0]!;
    throw new OnnxImportError(`${call.owner}: input ${i} must be a constant`);
  };
  const lo = bound(1, 'min', -3.4028234663852886e38);
  const hi = bound(2, 'max', 3.4028234663852886e38);
  return lo === 0 ? minimum(relu(x), hi) : clipByValue(x, lo, hi);
}

/** Softmax and LogSoftmax: opset 13 normalizes one axis; before 13, the input flattened from `axis`. */
function softmaxLike(f: (x: Tensor, axis: number) => Tensor): OpImplementation {
  return (call) => {
    const x = tensorInput(call, 0);
    if (call.opset >= 13) return f(x, call.attrs.int('axis', -1));
    const axis = call.attrs.int('axis', 1);
    const a = axis < 0 ? axis + x.rank : axis;
    const outer = x.shape.slice(0, a).reduce((p, d) => p * d, 1);
    return reshape(f(reshape(x, [outer, -1]), -1), x.shape);
  };
}

function hardSigmoidOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  return clipByValue(
    add(mul(x, call.attrs.float('alpha', 0.2)), call.attrs.float('beta', 0.5)),
    0,
    1,
  );
}

function identityOp(call: OpCall) {
  const v = call.inputs[0];
  if (v === undefined) throw new OnnxImportError(`${call.owner}: input 0 is missing`);
  return isHost(v) ? v : v.clone();
}

/** Elementwise ops (numpy broadcasting, as core's binary ops). */
export const ELEMENTWISE_OPS: Readonly<Record<string, OpImplementation>> = {
  Identity: identityOp,
  // Dropout at inference is the identity (a mask output, if asked for, is not supported).
  Dropout: identityOp,
  Relu: unary(relu),
  Sigmoid: unary(sigmoid),
  Tanh: unary(tanh),
  Softplus: unary(softplus),
  Exp: unary(exp),
  Log: unary(log),
  Sqrt: unary(sqrt),
  Neg: unary(neg),
  Abs: unary(abs),
  Erf: unary(erf),
  Reciprocal: unary(reciprocal),
  LeakyRelu: (call) => leakyRelu(tensorInput(call, 0), call.attrs.float('alpha', 0.01)),
  Elu: eluOp,
  Selu: seluOp,
  HardSigmoid: hardSigmoidOp,
  Clip: clipOp,
  Softmax: softmaxLike((x, axis) => softmax(x, axis)),
  LogSoftmax: softmaxLike((x, axis) => logSoftmax(x, axis)),
  Add: binary(add),
  Sub: binary(sub),
  Mul: binary(mul),
  Div: binary(div),
  Pow: binary(pow),
  Max: variadic(maximum),
  Min: variadic(minimum),
  Sum: variadic(add),
  Mean: (call) => div(foldInputs(call, add), call.inputs.length),
};
