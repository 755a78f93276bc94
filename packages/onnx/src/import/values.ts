import { type Tensor, tensor } from '@glia/core';
import { OnnxImportError } from '../errors';
import type { Attributes } from './attributes';

/**
 * Numbers known on the host while the graph runs (shapes, axes, pads, scales and clip bounds from
 * initializers, Constant and Shape nodes): ops that take them as settings read them without a
 * device readback.
 */
export interface HostInts {
  readonly kind: 'host';
  readonly dims: readonly number[];
  readonly data: readonly number[];
  readonly dtype: 'int32' | 'float32';
}

/** A value on an edge of the graph. */
export type GraphTensor = Tensor | HostInts;

export const isHost = (v: GraphTensor | undefined): v is HostInts =>
  v !== undefined && (v as HostInts).kind === 'host';

/** What an op implementation gets. */
export interface OpCall {
  /** `node '<name>' (<op>)`, for errors. */
  readonly owner: string;
  readonly inputs: readonly (GraphTensor | undefined)[];
  readonly attrs: Attributes;
  readonly opset: number;
}

/** An op: its outputs, in order. */
export type OpImplementation = (call: OpCall) => GraphTensor | GraphTensor[];

/** Input `i` as a device tensor (host integers become an int32 tensor). */
export function tensorInput(call: OpCall, i: number): Tensor {
  const v = call.inputs[i];
  if (v === undefined) throw new OnnxImportError(`${call.owner}: input ${i} is missing`);
  return isHost(v) ? tensor([...v.data], [...v.dims], v.dtype) : v;
}

/** Optional input `i` as a device tensor. */
export function optionalTensor(call: OpCall, i: number): Tensor | undefined {
  return call.inputs[i] === undefined ? undefined : tensorInput(call, i);
}

/** Input `i` as host integers (an initializer, Constant or Shape), or an error naming the op. */
export function hostInput(call: OpCall, i: number): number[] | undefined {
  const v = call.inputs[i];
  if (v === undefined) return undefined;
  if (!isHost(v)) {
    throw new OnnxImportError(
      `${call.owner}: input ${i} must be known before the graph runs (an initializer, Constant or Shape), not computed on the device`,
    );
  }
  return [...v.data];
}

/** Host integers. */
export const host = (
  data: readonly number[],
  dims: readonly number[] = [data.length],
  dtype: 'int32' | 'float32' = 'int32',
): HostInts => ({ kind: 'host', dims, data, dtype });

/**
 * The inputs each op reads as settings (host values): a float initializer read only at these
 * positions stays on the host instead of becoming a weight.
 */
export const HOST_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Clip: [1, 2],
  Reshape: [1],
  Pad: [1, 2],
  Resize: [1, 2, 3],
  Slice: [1, 2, 3, 4],
  ReduceSum: [1],
  ReduceMean: [1],
  ReduceMax: [1],
  ReduceProd: [1],
  Squeeze: [1],
  Unsqueeze: [1],
};
