import { OnnxImportError } from '../errors';
import { DataType, int64ToNumber, type TensorProto } from '../proto/model-proto';

/** The most elements one tensor may have (2^28: 1 GiB of float32), checked before allocating. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** A decoded ONNX tensor: float data as float32, integer data as numbers. */
export type TensorData =
  | { readonly kind: 'float'; readonly dims: number[]; readonly data: Float32Array }
  | { readonly kind: 'int'; readonly dims: number[]; readonly data: number[] };

const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  [DataType.FLOAT]: 4,
  [DataType.DOUBLE]: 8,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.INT8]: 1,
  [DataType.UINT8]: 1,
  [DataType.BOOL]: 1,
};

/** The dims of `t` as numbers, and their element count, checked (non-negative, bounded). */
export function tensorDims(owner: string, t: TensorProto): { dims: number[]; count: number } {
  const dims = (t.dims ?? []).map(int64ToNumber);
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new OnnxImportError(
        `${owner}: dims ${JSON.stringify(dims)} must be non-negative integers`,
      );
    }
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS) {
      throw new OnnxImportError(
        `${owner}: dims ${JSON.stringify(dims)} hold more than ${MAX_TENSOR_ELEMENTS} elements`,
      );
    }
  }
  return { dims, count };
}

/** The byte size of one element of ONNX `dataType`, or an error naming the tensor. */
export function elementBytes(owner: string, dataType: number | undefined): number {
  const size = ELEMENT_BYTES[dataType ?? 0];
  if (size === undefined) {
    throw new OnnxImportError(
      `${owner}: data type ${dataType} is not supported: expected float, double, int8/32/64, uint8 or bool`,
    );
  }
  return size;
}

/**
 * Decodes a TensorProto whose bytes are `raw` (its raw_data, or the external file's slice) or its
 * typed fields. Byte and element counts are checked against the dims before anything is allocated.
 */
export function decodeTensor(owner: string, t: TensorProto, external?: Uint8Array): TensorData {
  const { dims, count } = tensorDims(owner, t);
  const type = t.dataType ?? 0;
  const size = elementBytes(owner, type);
  const raw = external ?? (t.rawData && t.rawData.length > 0 ? t.rawData : undefined);
  if (raw) {
    if (raw.length !== count * size) {
      throw new OnnxImportError(
        `${owner}: holds ${raw.length} bytes but its dims ${JSON.stringify(dims)} need ${count * size} (${count} elements of ${size} bytes)`,
      );
    }
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return decodeRaw(view, type, dims, count);
  }
  const typed = typedValues(t, type);
  if (typed.length !== count) {
    throw new OnnxImportError(
      `${owner}: holds ${typed.length} values but its dims ${JSON.stringify(dims)} need ${count}`,
    );
  }
  if (type === DataType.FLOAT || type === DataType.DOUBLE)
    return { kind: 'float', dims, data: Float32Array.from(typed) };
  return { kind: 'int', dims, data: typed };
}

function typedValues(t: TensorProto, type: number): number[] {
  switch (type) {
    case DataType.FLOAT:
      return t.floatData ?? [];
    case DataType.DOUBLE:
      return t.doubleData ?? [];
    case DataType.INT64:
      return (t.int64Data ?? []).map(int64ToNumber);
    default:
      return t.int32Data ?? [];
  }
}

function decodeRaw(view: DataView, type: number, dims: number[], count: number): TensorData {
  if (type === DataType.FLOAT) {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(4 * i, true);
    return { kind: 'float', dims, data };
  }
  if (type === DataType.DOUBLE) {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(8 * i, true);
    return { kind: 'float', dims, data };
  }
  const data = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    if (type === DataType.INT64) data[i] = Number(view.getBigInt64(8 * i, true));
    else if (type === DataType.INT32) data[i] = view.getInt32(4 * i, true);
    else if (type === DataType.INT8) data[i] = view.getInt8(i);
    else data[i] = view.getUint8(i);
  }
  return { kind: 'int', dims, data };
}
