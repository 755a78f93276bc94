import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../test-support';

describe('unary kernels', () => {
  it('round rounds half to even', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6]);
    expect(read(kernels.round({ x }, {}))).toEqual([0, 2, 2, -0, -2, -2, 2, 3, -3]);
  });

  it('sign keeps NaN and zero', () => {
    const { kernels, input, read } = kernelTestBed();
    expect(read(kernels.sign({ x: input([-3, 0, 2, Number.NaN]) }, {}))).toEqual([
      -1,
      0,
      1,
      Number.NaN,
    ]);
  });

  it('int32 neg, abs and square wrap to int32', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([-2147483648, 5, -7, 65536], [4], 'int32');
    expect(read(kernels.neg({ x }, {}))).toEqual([-2147483648, -5, 7, -65536]);
    expect(read(kernels.abs({ x }, {}))).toEqual([-2147483648, 5, 7, 65536]);
    expect(read(kernels.square({ x }, {}))).toEqual([0, 25, 49, 0]);
    expect(kernels.square({ x }, {}).dtype).toBe('int32');
  });

  it('erf matches tabulated values', () => {
    const { kernels, input, read } = kernelTestBed();
    const got = read(kernels.erf({ x: input([0, 0.1, 0.5, 1, -2, 1e-6]) }, {}));
    const expected = [
      0, 0.1124629160182849, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527,
      1.1283791670955127e-6,
    ];
    got.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 6);
    });
    expect(got[5]! / expected[5]!).toBeCloseTo(1, 6);
  });

  it('sigmoid saturates without overflow', () => {
    const { kernels, input, read } = kernelTestBed();
    const [low, mid, high] = read(kernels.sigmoid({ x: input([-1000, 0, 1000]) }, {}));
    expect([low, mid, high]).toEqual([0, 0.5, 1]);
  });

  it('float math kernels', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([4, 0.25]);
    expect(read(kernels.sqrt({ x }, {}))).toEqual([2, 0.5]);
    expect(read(kernels.rsqrt({ x }, {}))).toEqual([0.5, 2]);
    expect(read(kernels.reciprocal({ x }, {}))).toEqual([0.25, 4]);
    expect(read(kernels.floor({ x: input([-1.5, 1.5]) }, {}))).toEqual([-2, 1]);
    expect(read(kernels.ceil({ x: input([-1.5, 1.5]) }, {}))).toEqual([-1, 2]);
    expect(read(kernels.relu({ x: input([-1, 0, 2]) }, {}))).toEqual([0, 0, 2]);
  });

  it('predicates output bool', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, Number.NaN, Number.POSITIVE_INFINITY, 0]);
    const nan = kernels.isNaN({ x }, {});
    expect(nan.dtype).toBe('bool');
    expect(read(nan)).toEqual([0, 1, 0, 0]);
    expect(read(kernels.isFinite({ x }, {}))).toEqual([1, 0, 0, 1]);
    expect(read(kernels.logicalNot({ x: input([1, 0], [2], 'bool') }, {}))).toEqual([0, 1]);
  });
});
