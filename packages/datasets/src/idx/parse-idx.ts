import { checkOptions } from '@glia/core';
import { DataFormatError } from '../errors';

/** The element types an IDX file can hold. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed arrays for each IDX element type. */
export interface IdxArrayMap {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** A parsed IDX file: its dimensions, element type and values (row-major, host byte order). */
export interface IdxArray<D extends IdxDType = IdxDType> {
  dims: number[];
  dtype: D;
  data: IdxArrayMap[D];
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** Read only the first `maxItems` entries along the first dimension (the whole file is still validated). */
  maxItems?: number;
}

const PARSE_IDX_KEYS = Object.keys({
  maxItems: true,
} satisfies Record<keyof ParseIdxOptions, true>);

const TYPE_CODES: Record<number, { dtype: IdxDType; bytes: number }> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

/**
 * The total size in bytes (header and data) that an IDX file's header states, read from its first
 * bytes; `undefined` while the header is incomplete or not a valid IDX header (the parser then
 * reports what is wrong). Lets `gunzip` stop inflating at the stated size.
 */
export function idxByteLength(head: Uint8Array): number | undefined {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return undefined;
  const type = TYPE_CODES[head[2]!];
  const rank = head[3]!;
  if (type === undefined || rank === 0 || head.length < 4 + 4 * rank) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let i = 0; i < rank; i++) count *= view.getUint32(4 + 4 * i, false);
  return 4 + 4 * rank + count * type.bytes;
}

const hex = (n: number, width: number): string => `0x${n.toString(16).padStart(width, '0')}`;

/**
 * Parses an IDX file (the format of MNIST and Fashion-MNIST): a big-endian magic number
 * `0x0000TTNN` (TT the element type, NN the number of dimensions), NN big-endian 32-bit
 * dimensions, then the values. The file must hold exactly the bytes the dimensions call for;
 * anything else is a {@link DataFormatError} that names `fileName`. Uncompressed bytes only: see
 * `gunzip` for `.gz` files. uint8 data is a view of `bytes`, not a copy.
 *
 * ```ts
 * const { dims, dtype, data } = parseIdx(bytes, 'train-labels-idx1-ubyte');
 * // dims [60000], dtype 'uint8', data Uint8Array [5, 0, 4, 1, 9, ...]
 * ```
 */
export function parseIdx(
  bytes: Uint8Array,
  fileName: string,
  options: ParseIdxOptions = {},
): IdxArray {
  checkOptions('parseIdx', 'parseIdx(bytes, fileName, { maxItems? })', options, PARSE_IDX_KEYS);
  if (!(bytes instanceof Uint8Array))
    throw new DataFormatError(`${fileName}: expected the file's bytes as a Uint8Array`);
  if (bytes.length < 4)
    throw new DataFormatError(
      `${fileName}: truncated IDX file: ${bytes.length} bytes, too short for the 4-byte magic number`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gzipHint =
      bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (this is a gzip file: gunzip it first)' : '';
    throw new DataFormatError(
      `${fileName}: not an IDX file: bad magic number ${hex(magic, 8)}: expected 0x0000TTNN with TT the type code and NN the number of dimensions${gzipHint}`,
    );
  }
  const typeCode = bytes[2]!;
  const type = TYPE_CODES[typeCode];
  if (type === undefined)
    throw new DataFormatError(
      `${fileName}: unknown IDX type code ${hex(typeCode, 2)} in magic number ${hex(magic, 8)}: expected 0x08 (uint8), 0x09 (int8), 0x0b (int16), 0x0c (int32), 0x0d (float32) or 0x0e (float64)`,
    );
  const rank = bytes[3]!;
  if (rank === 0)
    throw new DataFormatError(
      `${fileName}: IDX magic number ${hex(magic, 8)} declares 0 dimensions: expected at least 1`,
    );
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes)
    throw new DataFormatError(
      `${fileName}: truncated IDX file: the header declares ${rank} dimensions and needs ${headerBytes} bytes, the file has ${bytes.length}`,
    );
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  const shape = `[${dims.join(',')}]`;
  if (bytes.length < expected)
    throw new DataFormatError(
      `${fileName}: truncated IDX file: dimensions ${shape} of ${type.dtype} need ${expected} bytes (${headerBytes} header + ${count * type.bytes} data), the file has ${bytes.length}`,
    );
  if (bytes.length > expected)
    throw new DataFormatError(
      `${fileName}: corrupt IDX file: dimensions ${shape} of ${type.dtype} need ${expected} bytes (${headerBytes} header + ${count * type.bytes} data), the file has ${bytes.length - expected} bytes more`,
    );

  let items = dims[0]!;
  if (options.maxItems !== undefined) {
    if (!Number.isInteger(options.maxItems) || options.maxItems < 0)
      throw new DataFormatError(
        `${fileName}: maxItems must be a non-negative integer, got ${options.maxItems}`,
      );
    items = Math.min(items, options.maxItems);
  }
  const outDims = [items, ...dims.slice(1)];
  const n = outDims.reduce((a, b) => a * b, 1);
  return { dims: outDims, dtype: type.dtype, data: readValues(view, headerBytes, n, type.dtype) };
}

function readValues(
  view: DataView,
  offset: number,
  n: number,
  dtype: IdxDType,
): IdxArrayMap[IdxDType] {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer, start, n);
    case 'int8':
      return new Int8Array(view.buffer, start, n);
    case 'int16':
      return fillFrom(new Int16Array(n), (i) => view.getInt16(offset + 2 * i, false));
    case 'int32':
      return fillFrom(new Int32Array(n), (i) => view.getInt32(offset + 4 * i, false));
    case 'float32':
      return fillFrom(new Float32Array(n), (i) => view.getFloat32(offset + 4 * i, false));
    case 'float64':
      return fillFrom(new Float64Array(n), (i) => view.getFloat64(offset + 8 * i, false));
  }
}

/** `out` with `out[i] = read(i)` for every index. */
function fillFrom<A extends { length: number; [i: number]: number }>(
  out: A,
  read: (i: number) => number,
): A {
  for (let i = 0; i < out.length; i++) out[i] = read(i);
  return out;
}
