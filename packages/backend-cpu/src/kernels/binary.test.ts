import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../test-support';

describe('binary kernels', () => {
  it('broadcast [2,1,3] + [4,1] to [2,4,3]', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 2, 3, 10, 20, 30], [2, 1, 3]);
    const b = input([100, 200, 300, 400], [4, 1]);
    const y = kernels.add({ a, b }, {});
    expect(y.shape).toEqual([2, 4, 3]);
    expect(read(y)).toEqual([
      101, 102, 103, 201, 202, 203, 301, 302, 303, 401, 402, 403, 110, 120, 130, 210, 220, 230, 310,
      320, 330, 410, 420, 430,
    ]);
  });

  it('broadcast scalars on either side and reject incompatible shapes', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 2, 3]);
    const s = input([10], []);
    expect(read(kernels.sub({ a, b: s }, {}))).toEqual([-9, -8, -7]);
    expect(read(kernels.sub({ a: s, b: a }, {}))).toEqual([9, 8, 7]);
    expect(() => kernels.add({ a, b: input([1, 2]) }, {})).toThrow(
      /add: shapes \[3\] and \[2\] do not broadcast/,
    );
  });

  it('int32 mod takes the sign of the divisor, and mod 0 is 0', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([7, -7, 7, -7, 5], [5], 'int32');
    const b = input([3, 3, -3, -3, 0], [5], 'int32');
    expect(read(kernels.mod({ a, b }, {}))).toEqual([1, 2, -2, -1, 0]);
  });

  it('int32 floorDiv rounds toward -Infinity, and division by 0 is 0', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([7, -7, 7, -7, 5, -2147483648], [6], 'int32');
    const b = input([2, 2, -2, -2, 0, -1], [6], 'int32');
    expect(read(kernels.floorDiv({ a, b }, {}))).toEqual([3, -4, -4, 3, 0, -2147483648]);
  });

  it('float mod and floorDiv follow Python, with Infinity and NaN for division by zero', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([7.5, -7.5, 1, -1, 0]);
    const b = input([2, 2, 0, 0, 0]);
    expect(read(kernels.mod({ a, b }, {}))).toEqual([1.5, 0.5, Number.NaN, Number.NaN, Number.NaN]);
    expect(read(kernels.floorDiv({ a, b }, {}))).toEqual([
      3,
      -4,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
  });

  it('int32 add and mul wrap', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([2147483647, 65536], [2], 'int32');
    const b = input([1, 65537], [2], 'int32');
    const c = input([2, 3], [2], 'int32');
    expect(read(kernels.add({ a, b }, {}))).toEqual([-2147483648, 131073]);
    expect(read(kernels.mul({ a, b }, {}))).toEqual([2147483647, 65536]);
    expect(read(kernels.mul({ a, b: c }, {}))).toEqual([-2, 196608]);
  });

  it('int32 pow by squaring', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([2, -3, 2, 5, -1], [5], 'int32');
    const b = input([10, 3, 32, 0, -3], [5], 'int32');
    expect(read(kernels.pow({ a, b }, {}))).toEqual([1024, -27, 0, 1, -1]);
  });

  it('maximum and minimum propagate NaN from either side', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, Number.NaN, 3]);
    const b = input([Number.NaN, 2, 1]);
    expect(read(kernels.maximum({ a, b }, {}))).toEqual([Number.NaN, Number.NaN, 3]);
    expect(read(kernels.minimum({ a, b }, {}))).toEqual([Number.NaN, Number.NaN, 1]);
  });

  it('comparisons and logical kernels output bool', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 2, 3]);
    const b = input([2], [1]);
    const less = kernels.less({ a, b }, {});
    expect(less.dtype).toBe('bool');
    expect(read(less)).toEqual([1, 0, 0]);
    expect(read(kernels.greaterEqual({ a, b }, {}))).toEqual([0, 1, 1]);
    expect(read(kernels.equal({ a, b }, {}))).toEqual([0, 1, 0]);
    expect(read(kernels.notEqual({ a: input([Number.NaN]), b: input([Number.NaN]) }, {}))).toEqual([
      1,
    ]);
    const p = input([1, 1, 0, 0], [4], 'bool');
    const q = input([1, 0, 1, 0], [4], 'bool');
    expect(read(kernels.logicalAnd({ a: p, b: q }, {}))).toEqual([1, 0, 0, 0]);
    expect(read(kernels.logicalOr({ a: p, b: q }, {}))).toEqual([1, 1, 1, 0]);
  });

  it('squaredDifference', () => {
    const { kernels, input, read } = kernelTestBed();
    expect(read(kernels.squaredDifference({ a: input([1, 5]), b: input([4, 5]) }, {}))).toEqual([
      9, 0,
    ]);
  });
});

describe('where and cast', () => {
  it('where broadcasts condition, a and b together', () => {
    const { kernels, input, read } = kernelTestBed();
    const condition = input([1, 0, 1], [1, 3], 'bool');
    const a = input([1, 2], [2, 1]);
    const b = input([-1], []);
    const y = kernels.where({ condition, a, b }, {});
    expect(y.shape).toEqual([2, 3]);
    expect(read(y)).toEqual([1, -1, 1, 2, -1, 2]);
  });

  it('cast truncates toward zero, maps NaN to 0, and NaN to true in bool (as NumPy and TF)', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1.7, -1.7, Number.NaN, 0, -0.2]);
    const asInt = kernels.cast({ x }, { dtype: 'int32' });
    expect(asInt.dtype).toBe('int32');
    expect(read(asInt)).toEqual([1, -1, 0, 0, 0]);
    expect(read(kernels.cast({ x }, { dtype: 'bool' }))).toEqual([1, 1, 1, 0, 1]);
    expect(read(kernels.cast({ x: input([1, 0], [2], 'bool') }, { dtype: 'float32' }))).toEqual([
      1, 0,
    ]);
  });
});
