import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../test-support';

describe('reductions', () => {
  it('reduce over leading, middle and trailing axes', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(
      Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
    );
    expect(read(kernels.sum({ x }, { axes: [2] }))).toEqual([6, 22, 38, 54, 70, 86]);
    expect(read(kernels.sum({ x }, { axes: [0] }))).toEqual([
      12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34,
    ]);
    const middle = kernels.max({ x }, { axes: [1] });
    expect(middle.shape).toEqual([2, 4]);
    expect(read(middle)).toEqual([8, 9, 10, 11, 20, 21, 22, 23]);
    expect(read(kernels.min({ x }, { axes: [0, 2] }))).toEqual([0, 4, 8]);
    expect(read(kernels.mean({ x }, { axes: [0, 1, 2] }))).toEqual([11.5]);
  });

  it('give the identities over a zero-size axis', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([], [2, 0]);
    const axes = { axes: [1] };
    expect(read(kernels.sum({ x }, axes))).toEqual([0, 0]);
    expect(read(kernels.prod({ x }, axes))).toEqual([1, 1]);
    expect(read(kernels.max({ x }, axes))).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(read(kernels.min({ x }, axes))).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    expect(read(kernels.mean({ x }, axes))).toEqual([Number.NaN, Number.NaN]);
    expect(read(kernels.logSumExp({ x }, axes))).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    const xi = input([], [1, 0], 'int32');
    expect(read(kernels.max({ x: xi }, axes))).toEqual([-2147483648]);
    expect(read(kernels.min({ x: xi }, axes))).toEqual([2147483647]);
    const xb = input([], [1, 0], 'bool');
    expect(read(kernels.all({ x: xb }, axes))).toEqual([1]);
    expect(read(kernels.any({ x: xb }, axes))).toEqual([0]);
  });

  it('int32 sum and prod stay int32 and wrap', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([2147483647, 1, 65536, 65536], [2, 2], 'int32');
    const sum = kernels.sum({ x }, { axes: [1] });
    expect(sum.dtype).toBe('int32');
    expect(read(sum)).toEqual([-2147483648, 131072]);
    expect(read(kernels.prod({ x }, { axes: [1] }))).toEqual([2147483647, 0]);
  });

  it('max and min propagate NaN', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, Number.NaN, 3, 4], [2, 2]);
    expect(read(kernels.max({ x }, { axes: [1] }))).toEqual([Number.NaN, 4]);
    expect(read(kernels.min({ x }, { axes: [0] }))).toEqual([1, Number.NaN]);
  });

  it('argMax and argMin give the first occurrence; NaN counts as the extreme', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([3, 1, 3, 1, 2, Number.NaN, 0, Number.NaN], [2, 4]);
    const argMax = kernels.argMax({ x }, { axis: 1 });
    expect(argMax.dtype).toBe('int32');
    expect(read(argMax)).toEqual([0, 1]);
    expect(read(kernels.argMin({ x }, { axis: 1 }))).toEqual([1, 1]);
    const y = input([1, 5, 9, 2, 5, 0], [2, 3]);
    expect(read(kernels.argMax({ x: y }, { axis: 0 }))).toEqual([1, 0, 0]);
    expect(() => kernels.argMax({ x: input([], [2, 0]) }, { axis: 1 })).toThrow(
      /argMax: axis 1 of x \[2,0\] is empty/,
    );
  });

  it('all and any', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, 1, 1, 0, 0, 0], [3, 2], 'bool');
    expect(read(kernels.all({ x }, { axes: [1] }))).toEqual([1, 0, 0]);
    expect(read(kernels.any({ x }, { axes: [1] }))).toEqual([1, 1, 0]);
  });

  it('logSumExp is stable for large and -Infinity inputs', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(
      [1000, 1000, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, Math.log(3)],
      [3, 2],
    );
    const [big, allNegInf, small] = read(kernels.logSumExp({ x }, { axes: [1] }));
    expect(big).toBeCloseTo(1000 + Math.log(2), 3);
    expect(allNegInf).toBe(Number.NEGATIVE_INFINITY);
    expect(small).toBeCloseTo(Math.log(4), 6);
  });

  it('moments gives the mean and the population variance', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, 2, 3, 4, 10, 10, 10, 10], [2, 4]);
    const [mean, variance] = kernels.moments({ x }, { axes: [1] });
    expect(read(mean)).toEqual([2.5, 10]);
    expect(read(variance)).toEqual([1.25, 0]);
    const [meanColumns] = kernels.moments({ x }, { axes: [0] });
    expect(read(meanColumns)).toEqual([5.5, 6, 6.5, 7]);
  });
});
