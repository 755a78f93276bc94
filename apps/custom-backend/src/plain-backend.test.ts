// The plain backend's own behaviour: storage and memory accounting, its registration, and kernels
// against hand-computed values. (Everything else, op by op, is in the conformance suite.)
import {
  BackendError,
  type DataId,
  listBackends,
  PRIMITIVE_KERNELS,
  type TensorInfo,
} from '@glia/core';
import { describe, expect, it } from 'vitest';
import { PLAIN_PRIORITY, PlainBackend } from './index';

function info(dataId: DataId, shape: number[], dtype: TensorInfo['dtype']): TensorInfo {
  return { dataId, shape, dtype };
}

describe('PlainBackend storage', () => {
  it('stores a copy, reads it back, and counts bytes and buffers', async () => {
    const backend = new PlainBackend();
    const source = new Float32Array([1, 2, 3]);
    const id = backend.write(source, [3], 'float32');
    source[0] = 99;
    expect(Array.from(await backend.read(id))).toEqual([1, 2, 3]);
    backend.write(new Int32Array([7]), [], 'int32');
    backend.write(new Uint8Array([1, 0]), [2], 'bool');
    expect(backend.memory()).toEqual({ numBytes: 12 + 4 + 2, numDataBuffers: 3 });
    backend.disposeData(id);
    expect(backend.memory()).toEqual({ numBytes: 6, numDataBuffers: 2 });
    backend.dispose();
    expect(backend.memory()).toEqual({ numBytes: 0, numDataBuffers: 0 });
  });

  it('converts written values to the dtype asked for', () => {
    const backend = new PlainBackend();
    const id = backend.write(new Float32Array([1, 0, 2]), [3], 'int32');
    expect(backend.readSync(id)).toEqual(new Int32Array([1, 0, 2]));
  });

  it('reading a disposed id is a BackendError naming the id', () => {
    const backend = new PlainBackend();
    const id = backend.write(new Float32Array([1]), [1], 'float32');
    backend.disposeData(id);
    expect(() => backend.readSync(id)).toThrow(BackendError);
    expect(() => backend.readSync(id)).toThrow(
      `plain: data id ${id.__dataId} is not stored on this backend`,
    );
  });
});

describe('PlainBackend kernels', () => {
  it('implements exactly the primitive kernels, no composite', () => {
    expect(Object.keys(new PlainBackend().kernels).sort()).toEqual([...PRIMITIVE_KERNELS].sort());
  });

  it('round halves to even; int32 square and mul wrap like 32-bit integers', () => {
    const b = new PlainBackend();
    const halves = b.write(
      new Float32Array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4]),
      [7],
      'float32',
    );
    const rounded = b.kernels.round({ x: info(halves, [7], 'float32') }, {});
    expect(Array.from(b.readSync(rounded.dataId))).toEqual([-2, -2, -0, 0, 2, 2, 2]);
    const big = b.write(new Int32Array([65536, 46341]), [2], 'int32');
    const squared = b.kernels.square({ x: info(big, [2], 'int32') }, {});
    // 65536^2 = 2^32 wraps to 0; 46341^2 = 2147488281 wraps to 2147488281 - 2^32.
    expect(Array.from(b.readSync(squared.dataId))).toEqual([0, 2147488281 - 2 ** 32]);
  });

  it('broadcasts a [2,1] against a [3] into [2,3]', () => {
    const b = new PlainBackend();
    const col = b.write(new Float32Array([10, 20]), [2, 1], 'float32');
    const row = b.write(new Float32Array([1, 2, 3]), [3], 'float32');
    const sum = b.kernels.add(
      { a: info(col, [2, 1], 'float32'), b: info(row, [3], 'float32') },
      {},
    );
    expect(sum.shape).toEqual([2, 3]);
    expect(Array.from(b.readSync(sum.dataId))).toEqual([11, 12, 13, 21, 22, 23]);
  });

  it('multiplies with transposes read in place: [[1,2],[3,4]]^T x [[5],[6]] = [[23],[34]]', () => {
    const b = new PlainBackend();
    const a = b.write(new Float32Array([1, 2, 3, 4]), [1, 2, 2], 'float32');
    const v = b.write(new Float32Array([5, 6]), [1, 2, 1], 'float32');
    const product = b.kernels.batchMatMul(
      { a: info(a, [1, 2, 2], 'float32'), b: info(v, [1, 2, 1], 'float32') },
      { transposeA: true, transposeB: false },
    );
    expect(product.shape).toEqual([1, 2, 1]);
    expect(Array.from(b.readSync(product.dataId))).toEqual([1 * 5 + 3 * 6, 2 * 5 + 4 * 6]);
  });

  it('sums over the middle axis of a [2,3,2] and takes the first of equal maxima', () => {
    const b = new PlainBackend();
    const x = b.write(
      new Float32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      [2, 3, 2],
      'float32',
    );
    const sum = b.kernels.sum({ x: info(x, [2, 3, 2], 'float32') }, { axes: [1] });
    expect(sum.shape).toEqual([2, 2]);
    expect(Array.from(b.readSync(sum.dataId))).toEqual([9, 12, 27, 30]);
    const ties = b.write(new Float32Array([3, 7, 7, 1]), [4], 'float32');
    const arg = b.kernels.argMax({ x: info(ties, [4], 'float32') }, { axis: 0 });
    expect(Array.from(b.readSync(arg.dataId))).toEqual([1]);
  });
});

describe('registration', () => {
  it("importing the package registers 'plain' below the CPU backend", () => {
    expect(PLAIN_PRIORITY).toBeLessThan(1);
    expect(listBackends().find((b) => b.name === 'plain')).toMatchObject({
      name: 'plain',
      priority: PLAIN_PRIORITY,
    });
  });
});
