import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../errors';
import { parseIdx } from './parse-idx';

/** An IDX file: magic 0x0000TTNN, big-endian dims, then the payload bytes. */
function idx(typeCode: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, typeCode, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return new Uint8Array([...header, ...payload]);
}

describe('parseIdx', () => {
  it('reads uint8 data (a view, no copy) with its dimensions', () => {
    const bytes = idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]);
    const { dims, dtype, data } = parseIdx(bytes, 'tiny');
    expect(dims).toEqual([2, 3]);
    expect(dtype).toBe('uint8');
    expect(Array.from(data)).toEqual([0, 1, 2, 253, 254, 255]);
    expect(data.buffer).toBe(bytes.buffer);
  });

  it('reads the big-endian multi-byte types', () => {
    expect(Array.from(parseIdx(idx(0x09, [2], [0xff, 0x7f]), 'f').data)).toEqual([-1, 127]);
    expect(Array.from(parseIdx(idx(0x0b, [2], [0x01, 0x02, 0xff, 0xfe]), 'f').data)).toEqual([
      258, -2,
    ]);
    expect(Array.from(parseIdx(idx(0x0c, [1], [0x00, 0x01, 0x00, 0x00]), 'f').data)).toEqual([
      65536,
    ]);
    // 1.5 as float32 is 0x3fc00000; -2 as float64 is 0xc000000000000000
    const f32 = parseIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0]), 'f');
    expect(f32.dtype).toBe('float32');
    expect(Array.from(f32.data)).toEqual([1.5]);
    const f64 = parseIdx(idx(0x0e, [1], [0xc0, 0, 0, 0, 0, 0, 0, 0]), 'f');
    expect(f64.dtype).toBe('float64');
    expect(Array.from(f64.data)).toEqual([-2]);
  });

  it('works on a view into a larger buffer (a byteOffset)', () => {
    const file = idx(0x0b, [1], [0x00, 0x05]);
    const bigger = new Uint8Array(file.length + 3);
    bigger.set(file, 3);
    expect(Array.from(parseIdx(bigger.subarray(3), 'f').data)).toEqual([5]);
  });

  it('reads only the first maxItems entries along the first dimension', () => {
    const { dims, data } = parseIdx(idx(0x08, [3, 2], [1, 2, 3, 4, 5, 6]), 'f', { maxItems: 2 });
    expect(dims).toEqual([2, 2]);
    expect(Array.from(data)).toEqual([1, 2, 3, 4]);
  });

  it('a file too short for the magic number is truncated', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8]), 'train-labels-idx1-ubyte')).toThrow(
      'train-labels-idx1-ubyte: truncated IDX file: 3 bytes, too short for the 4-byte magic number',
    );
  });

  it('a header cut short is truncated', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0]), 'imgs')).toThrow(
      'imgs: truncated IDX file: the header declares 3 dimensions and needs 16 bytes, the file has 9',
    );
  });

  it('data cut short is truncated, with the sizes', () => {
    const bytes = idx(0x08, [10, 28, 28], new Array(100).fill(0));
    expect(() => parseIdx(bytes, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: truncated IDX file: dimensions [10,28,28] of uint8 need 7856 bytes (16 header + 7840 data), the file has 116',
    );
    // a multi-byte type counts bytes per element
    expect(() => parseIdx(idx(0x0c, [2], [0, 0, 0, 1]), 'ints')).toThrow(
      'ints: truncated IDX file: dimensions [2] of int32 need 16 bytes (8 header + 8 data), the file has 12',
    );
  });

  it('dimensions that do not match the length (extra bytes) are corrupt', () => {
    expect(() => parseIdx(idx(0x08, [2], [1, 2, 3]), 'labels')).toThrow(
      'labels: corrupt IDX file: dimensions [2] of uint8 need 10 bytes (8 header + 2 data), the file has 1 bytes more',
    );
  });

  it('a wrong magic number is rejected, with a hint for gzip files', () => {
    expect(() => parseIdx(new Uint8Array([1, 2, 8, 1, 0, 0, 0, 0]), 'x')).toThrow(
      'x: not an IDX file: bad magic number 0x01020801: expected 0x0000TTNN',
    );
    expect(() =>
      parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'train-images-idx3-ubyte.gz'),
    ).toThrow(/train-images-idx3-ubyte.gz: not an IDX file.*this is a gzip file: gunzip it first/);
    expect(() => parseIdx(new TextEncoder().encode('<html>404</html>'), 'page')).toThrow(
      DataFormatError,
    );
  });

  it('an unknown type code and zero dimensions are rejected', () => {
    expect(() => parseIdx(idx(0x0a, [1], [0]), 'odd')).toThrow(
      'odd: unknown IDX type code 0x0a in magic number 0x00000a01: expected 0x08 (uint8)',
    );
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 0]), 'zero')).toThrow(
      'zero: IDX magic number 0x00000800 declares 0 dimensions: expected at least 1',
    );
  });
});
