import {
  cast,
  concat,
  gather,
  max,
  mean,
  pad,
  prod,
  reshape,
  sum,
  type Tensor,
  tensor,
  transpose,
} from '@glia/core';
import { OnnxImportError } from '../../errors';
import { DataType } from '../../proto/model-proto';
import { decodeTensor } from '../tensor-data';
import {
  type GraphTensor,
  host,
  hostInput,
  isHost,
  type OpCall,
  type OpImplementation,
  tensorInput,
} from '../values';
import { checkOutputSize } from './output-size';

const normalizeAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

function flattenOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const axis = normalizeAxis(call.attrs.int('axis', 1), x.rank);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  return reshape(x, [outer, -1]);
}

function reshapeOp(call: OpCall): GraphTensor {
  const x = call.inputs[0];
  const target = hostInput(call, 1) ?? [];
  const shapeOf = (dims: readonly number[]): number[] =>
    target.map((d, i) => (d === 0 && call.attrs.int('allowzero', 0) === 0 ? dims[i]! : d));
  if (isHost(x)) {
    const dims = shapeOf(x.dims);
    return host(x.data, inferDims(call, dims, x.data.length), x.dtype);
  }
  const t = tensorInput(call, 0);
  return reshape(t, shapeOf(t.shape));
}

function inferDims(call: OpCall, dims: number[], size: number): number[] {
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const out = dims.map((d) => (d === -1 ? size / known : d));
  if (out.reduce((a, b) => a * b, 1) !== size)
    throw new OnnxImportError(`${call.owner}: cannot reshape ${size} values to [${dims}]`);
  return out;
}

function castOp(call: OpCall): GraphTensor {
  const to = call.attrs.int('to', DataType.FLOAT);
  const v = call.inputs[0];
  const dtype =
    to === DataType.FLOAT || to === DataType.DOUBLE
      ? 'float32'
      : to === DataType.BOOL
        ? 'bool'
        : 'int32';
  if (isHost(v) && dtype !== 'bool')
    return host(dtype === 'int32' ? v.data.map(Math.trunc) : v.data, v.dims, dtype);
  return cast(tensorInput(call, 0), dtype);
}

function concatOp(call: OpCall): GraphTensor {
  const axis = call.attrs.int('axis', 0);
  if (call.inputs.every(isHost)) {
    // Shape arithmetic (PyTorch's dynamic Reshape targets): 1-D host values.
    return host(call.inputs.flatMap((v) => [...(v as { data: readonly number[] }).data]));
  }
  const tensors = call.inputs.map((_, i) => tensorInput(call, i));
  return concat(tensors, axis);
}

function gatherOp(call: OpCall): GraphTensor {
  const data = call.inputs[0];
  const axis = call.attrs.int('axis', 0);
  if (isHost(data) && isHost(call.inputs[1]) && data.dims.length === 1) {
    const indices = call.inputs[1];
    const picked = indices.data.map((i) => data.data[i < 0 ? i + data.data.length : i]!);
    return host(picked, indices.dims, data.dtype);
  }
  const x = tensorInput(call, 0);
  return gather(x, cast(tensorInput(call, 1), 'int32'), normalizeAxis(axis, x.rank));
}

function shapeOp(call: OpCall): GraphTensor {
  const v = call.inputs[0];
  const dims = isHost(v) ? v.dims : tensorInput(call, 0).shape;
  return host([...dims]);
}

function constantOp(call: OpCall): GraphTensor {
  const t = call.attrs.tensor('value');
  if (t) {
    const decoded = decodeTensor(`${call.owner}: value`, t);
    if (decoded.kind === 'int') return host(decoded.data, decoded.dims);
    return decoded.data.length <= 16
      ? host([...decoded.data], decoded.dims, 'float32')
      : tensor(decoded.data, decoded.dims);
  }
  if (call.attrs.has('value_float'))
    return host([call.attrs.float('value_float', 0)], [], 'float32');
  if (call.attrs.has('value_floats'))
    return host(call.attrs.floats('value_floats', []), undefined, 'float32');
  if (call.attrs.has('value_int')) return host([call.attrs.int('value_int', 0)], []);
  if (call.attrs.has('value_ints')) return host(call.attrs.ints('value_ints', []));
  throw new OnnxImportError(
    `${call.owner}: Constant without a value, value_float(s) or value_int(s) is not supported`,
  );
}

/** Axes from the input (opset 13+ for Squeeze/Unsqueeze/ReduceSum, 18+ for the others) or the attribute. */
function axesOf(call: OpCall): number[] | undefined {
  return call.inputs[1] !== undefined
    ? hostInput(call, 1)
    : call.attrs.has('axes')
      ? call.attrs.ints('axes', [])
      : undefined;
}

function unsqueezeOp(call: OpCall): GraphTensor {
  const v = call.inputs[0];
  const axes = axesOf(call) ?? [];
  const dims = isHost(v) ? [...v.dims] : [...tensorInput(call, 0).shape];
  const rank = dims.length + axes.length;
  for (const a of axes.map((a) => normalizeAxis(a, rank)).sort((p, q) => p - q))
    dims.splice(a, 0, 1);
  return isHost(v) ? host(v.data, dims, v.dtype) : reshape(tensorInput(call, 0), dims);
}

function squeezeOp(call: OpCall): GraphTensor {
  const v = call.inputs[0];
  const dims = isHost(v) ? [...v.dims] : [...tensorInput(call, 0).shape];
  const axes = (axesOf(call) ?? dims.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map(
    (a) => normalizeAxis(a, dims.length),
  );
  const kept = dims.filter((_, i) => !axes.includes(i));
  return isHost(v) ? host(v.data, kept, v.dtype) : reshape(tensorInput(call, 0), kept);
}

function reduceOp(
  f: (x: Tensor, axes: number[] | undefined, keep: boolean) => Tensor,
): OpImplementation {
  return (call) => {
    const x = tensorInput(call, 0);
    const axes = axesOf(call);
    const keep = call.attrs.int('keepdims', 1) === 1;
    if (axes !== undefined && axes.length === 0 && call.attrs.int('noop_with_empty_axes', 0) === 1)
      return x.clone();
    return f(
      x,
      axes && axes.length > 0 ? axes.map((a) => normalizeAxis(a, x.rank)) : undefined,
      keep,
    );
  };
}

function padOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const mode = call.attrs.string('mode', 'constant');
  if (mode !== 'constant')
    throw new OnnxImportError(
      `${call.owner}: Pad mode '${mode}' is not supported: expected constant`,
    );
  const pads = call.opset >= 11 ? (hostInput(call, 1) ?? []) : call.attrs.ints('pads', []);
  if (call.inputs[3] !== undefined)
    throw new OnnxImportError(`${call.owner}: Pad with axes is not supported`);
  const value = call.opset >= 11 ? (hostInput(call, 2)?.[0] ?? 0) : call.attrs.float('value', 0);
  if (pads.length !== 2 * x.rank)
    throw new OnnxImportError(
      `${call.owner}: pads has ${pads.length} values: expected ${2 * x.rank}`,
    );
  if (pads.some((p) => p < 0))
    throw new OnnxImportError(`${call.owner}: negative pads (cropping) are not supported`);
  checkOutputSize(
    call,
    x.shape.map((d, i) => d + pads[i]! + pads[i + x.rank]!),
  );
  return pad(
    x,
    x.shape.map((_, i) => [pads[i]!, pads[i + x.rank]!] as [number, number]),
    value,
  );
}

/** Slice, any steps: the kept indices of each sliced axis, gathered (differentiable, one rule). */
function sliceOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const starts = hostInput(call, 1) ?? [];
  const ends = hostInput(call, 2) ?? [];
  const axes = hostInput(call, 3) ?? starts.map((_, i) => i);
  const steps = hostInput(call, 4) ?? starts.map(() => 1);
  let y = x;
  axes.forEach((a, k) => {
    const axis = normalizeAxis(a, x.rank);
    const dim = x.shape[axis]!;
    const step = steps[k]!;
    if (step === 0) throw new OnnxImportError(`${call.owner}: a step of 0`);
    const clampIndex = (v: number, lo: number, hi: number): number =>
      Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
    const start = step > 0 ? clampIndex(starts[k]!, 0, dim) : clampIndex(starts[k]!, 0, dim - 1);
    const end = step > 0 ? clampIndex(ends[k]!, 0, dim) : clampIndex(ends[k]!, -1, dim - 1);
    const indices: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) indices.push(i);
    if (indices.length === dim && step === 1) return;
    y = gather(y, tensor(indices, [indices.length], 'int32'), axis);
  });
  return y;
}

/** Resize, nearest with asymmetric coordinates and floor rounding (what UpSampling2D and PyTorch's Upsample write). */
function resizeOp(call: OpCall): Tensor {
  const x = tensorInput(call, 0);
  const mode = call.attrs.string('mode', 'nearest');
  const coordinates = call.attrs.string('coordinate_transformation_mode', 'half_pixel');
  const rounding = call.attrs.string('nearest_mode', 'round_prefer_floor');
  const scalesAt = call.opset < 11 ? 1 : 2;
  const scales = call.inputs[scalesAt] !== undefined ? (hostInput(call, scalesAt) ?? []) : [];
  const sizes = call.inputs[3] !== undefined ? (hostInput(call, 3) ?? []) : [];
  const outDims =
    sizes.length > 0 ? sizes : x.shape.map((d, i) => Math.floor(d * (scales[i] ?? 1)));
  checkOutputSize(call, outDims);
  const integerScales = outDims.every((d, i) => d % x.shape[i]! === 0);
  // With integer scales, these settings all pick source pixel floor(i / scale).
  const floorPick =
    (coordinates === 'asymmetric' && rounding === 'floor') ||
    ((coordinates === 'half_pixel' || coordinates === 'pytorch_half_pixel') &&
      rounding.startsWith('round_prefer'));
  if (mode !== 'nearest' || !integerScales || !(floorPick || call.opset < 11)) {
    throw new OnnxImportError(
      `${call.owner}: Resize mode '${mode}', coordinate_transformation_mode '${coordinates}', nearest_mode '${rounding}' to [${outDims}] is not supported: expected nearest with integer scales`,
    );
  }
  let y = x;
  outDims.forEach((d, axis) => {
    const scale = d / x.shape[axis]!;
    if (scale === 1) return;
    const indices = Array.from({ length: d }, (_, i) => Math.floor(i / scale));
    y = gather(y, tensor(indices, [d], 'int32'), axis);
  });
  return y;
}

export const SHAPE_OPS: Readonly<Record<string, OpImplementation>> = {
  Flatten: flattenOp,
  Reshape: reshapeOp,
  Transpose: (call) => {
    const x = tensorInput(call, 0);
    return transpose(
      x,
      call.attrs.ints(
        'perm',
        x.shape.map((_, i) => x.rank - 1 - i),
      ),
    );
  },
  Concat: concatOp,
  Gather: gatherOp,
  Cast: castOp,
  Shape: shapeOp,
  Constant: constantOp,
  Unsqueeze: unsqueezeOp,
  Squeeze: squeezeOp,
  Pad: padOp,
  Slice: sliceOp,
  Resize: resizeOp,
  ReduceSum: reduceOp((x, axes, keep) => sum(x, axes, keep)),
  ReduceMean: reduceOp((x, axes, keep) => mean(x, axes, keep)),
  ReduceMax: reduceOp((x, axes, keep) => max(x, axes, keep)),
  ReduceProd: reduceOp((x, axes, keep) => prod(x, axes, keep)),
};
