import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../../test-support';

const iota = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('movement kernels', () => {
  it('transpose permutes dimensions', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(iota(6), [2, 3]);
    expect(read(kernels.transpose({ x }, { perm: [1, 0] }))).toEqual([0, 3, 1, 4, 2, 5]);
    const y = kernels.transpose({ x: input(iota(24), [2, 3, 4]) }, { perm: [2, 0, 1] });
    expect(y.shape).toEqual([4, 2, 3]);
    expect(read(y).slice(0, 7)).toEqual([0, 4, 8, 12, 16, 20, 1]);
  });

  it('slice copies a box', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(iota(12), [3, 4]);
    expect(read(kernels.slice({ x }, { begin: [1, 1], size: [2, 2] }))).toEqual([5, 6, 9, 10]);
  });

  it('concat joins any number of inputs, including empty ones', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 2, 3, 4], [2, 2]);
    const empty = input([], [2, 0]);
    const b = input([5, 6], [2, 1]);
    const y = kernels.concat({ tensors: [a, empty, b] }, { axis: 1 });
    expect(y.shape).toEqual([2, 3]);
    expect(read(y)).toEqual([1, 2, 5, 3, 4, 6]);
    expect(read(kernels.concat({ tensors: [a, input([7, 8], [1, 2])] }, { axis: 0 }))).toEqual([
      1, 2, 3, 4, 7, 8,
    ]);
    expect(read(kernels.concat({ tensors: [a] }, { axis: 0 }))).toEqual([1, 2, 3, 4]);
  });

  for (const sharedMemory of [true, false]) {
    it(`split cuts uneven pieces along any axis, empty ones too (${sharedMemory ? 'shared arena' : 'private memory'})`, () => {
      const { kernels, input, read } = kernelTestBed({ sharedMemory });
      // x[i][j][k] = 100 i + 10 j + k
      const x = input([0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121], [2, 3, 2]);
      const middle = kernels.split({ x }, { axis: 1, sizes: [2, 0, 1] });
      expect(middle.map((p) => p.shape)).toEqual([
        [2, 2, 2],
        [2, 0, 2],
        [2, 1, 2],
      ]);
      expect(middle.map(read)).toEqual([
        [0, 1, 10, 11, 100, 101, 110, 111],
        [],
        [20, 21, 120, 121],
      ]);
      const first = kernels.split({ x }, { axis: 0, sizes: [1, 1] });
      expect(first.map(read)).toEqual([
        [0, 1, 10, 11, 20, 21],
        [100, 101, 110, 111, 120, 121],
      ]);
      const last = kernels.split({ x }, { axis: 2, sizes: [1, 1] });
      expect(last.map(read)).toEqual([
        [0, 10, 20, 100, 110, 120],
        [1, 11, 21, 101, 111, 121],
      ]);
      const whole = kernels.split({ x }, { axis: 2, sizes: [2] });
      expect(whole.map(read)).toEqual([read(x)]);
    });
  }

  for (const sharedMemory of [true, false]) {
    it(`split and concat copy short and long rows (${sharedMemory ? 'in the arena: copyWithin' : 'separate buffers: set'})`, () => {
      const { backend, kernels, input, read } = kernelTestBed({ sharedMemory });
      const x = input(iota(3 * 600), [3, 600]);
      const sizes = [1, 299, 300];
      const pieces = kernels.split({ x }, { axis: 1, sizes });
      const sameBuffer =
        backend.readSync(x.dataId).buffer === backend.readSync(pieces[0]!.dataId).buffer;
      expect(sameBuffer).toBe(sharedMemory);
      let column = 0;
      pieces.forEach((p, i) => {
        const expected: number[] = [];
        for (let r = 0; r < 3; r++)
          for (let c = column; c < column + sizes[i]!; c++) expected.push(r * 600 + c);
        expect(read(p)).toEqual(expected);
        column += sizes[i]!;
      });
      expect(read(kernels.concat({ tensors: pieces }, { axis: 1 }))).toEqual(iota(3 * 600));
    });
  }

  it('split keeps int32 and bool, and names sizes that do not add up', () => {
    const { kernels, input, read } = kernelTestBed();
    const ints = input([1, -2, 3, 4, 5, -6], [2, 3], 'int32');
    const [a, b] = kernels.split({ x: ints }, { axis: 1, sizes: [1, 2] });
    expect(a!.dtype).toBe('int32');
    expect([read(a!), read(b!)]).toEqual([
      [1, 4],
      [-2, 3, 5, -6],
    ]);
    const flags = input([1, 0, 0, 1], [4], 'bool');
    const [p, q] = kernels.split({ x: flags }, { axis: 0, sizes: [3, 1] });
    expect(p!.dtype).toBe('bool');
    expect([read(p!), read(q!)]).toEqual([[1, 0, 0], [1]]);
    expect(() => kernels.split({ x: ints }, { axis: 1, sizes: [1, 1] })).toThrow(
      'split: sizes [1,1] do not add up to dimension 1 (3) of x [2,3]',
    );
  });

  it('pad surrounds with the constant value', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, 2, 3, 4], [2, 2]);
    const y = kernels.pad(
      { x },
      {
        paddings: [
          [1, 0],
          [0, 2],
        ],
        constantValue: 9,
      },
    );
    expect(y.shape).toEqual([3, 4]);
    expect(read(y)).toEqual([9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9]);
  });

  it('gather picks slices along an axis and names the bad index', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(iota(6), [2, 3]);
    const indices = input([2, 0, 2, 1], [2, 2], 'int32');
    const y = kernels.gather({ x, indices }, { axis: 1 });
    expect(y.shape).toEqual([2, 2, 2]);
    expect(read(y)).toEqual([2, 0, 2, 1, 5, 3, 5, 4]);
    expect(() => kernels.gather({ x, indices: input([0, 3], [2], 'int32') }, { axis: 1 })).toThrow(
      /gather: index 3 .* out of range for dimension 1 of x \[2,3\]/,
    );
  });

  it('unsortedSegmentSum sums into buckets and drops out-of-range ids', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, 2, 3, 4, 10, 20, 30, 40], [2, 4]);
    const segmentIds = input([0, 2, 0, 5], [4], 'int32');
    const y = kernels.unsortedSegmentSum({ x, segmentIds }, { numSegments: 3, axis: 1 });
    expect(y.shape).toEqual([2, 3]);
    expect(read(y)).toEqual([4, 0, 2, 40, 0, 20]);
  });

  it('tile repeats along each dimension', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, 2, 3, 4], [2, 2]);
    const y = kernels.tile({ x }, { reps: [2, 3] });
    expect(y.shape).toEqual([4, 6]);
    expect(read(y)).toEqual([
      1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4,
    ]);
  });

  it('reverse flips the given axes', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(iota(6), [2, 3]);
    expect(read(kernels.reverse({ x }, { axes: [1] }))).toEqual([2, 1, 0, 5, 4, 3]);
    expect(read(kernels.reverse({ x }, { axes: [0, 1] }))).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('reshape and identity share the input storage', () => {
    const { backend, kernels, input } = kernelTestBed();
    const x = input(iota(6), [2, 3]);
    const before = backend.memory().numDataBuffers;
    const y = kernels.reshape({ x }, { shape: [3, 2] });
    expect(y).toEqual({ dataId: x.dataId, shape: [3, 2], dtype: 'float32' });
    expect(kernels.identity({ x }, {}).dataId).toBe(x.dataId);
    expect(backend.memory().numDataBuffers).toBe(before);
  });

  it('broadcastTo materialises the broadcast', () => {
    const { kernels, input, read } = kernelTestBed();
    const y = kernels.broadcastTo({ x: input([1, 2], [2, 1]) }, { shape: [2, 2, 3] });
    expect(read(y)).toEqual([1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);
  });

  it('oneHot gives float32 rows, all offValue for out-of-range indices', () => {
    const { kernels, input, read } = kernelTestBed();
    const y = kernels.oneHot(
      { indices: input([0, 2, 3, -1], [4], 'int32') },
      { depth: 3, onValue: 1, offValue: 0 },
    );
    expect(y).toMatchObject({ shape: [4, 3], dtype: 'float32' });
    expect(read(y)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });
});
