import { describe, expect, it } from 'vitest';
import { kernelTestBed } from '../test-support';

describe('activation kernels', () => {
  it('gelu, exact (erf) and tanh-approximated', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, -1, 0, -6]);
    const exact = read(kernels.gelu({ x }, { approximate: false }));
    expect(exact[0]).toBeCloseTo(0.8413447460685429, 6);
    expect(exact[1]).toBeCloseTo(-0.15865525393145707, 6);
    expect(exact[2]).toBe(0);
    expect(exact[3]! / -5.919525870226e-9).toBeCloseTo(1, 5);
    const approx = read(kernels.gelu({ x }, { approximate: true }));
    expect(approx[0]).toBeCloseTo(0.8411919906082768, 6);
    expect(approx[1]).toBeCloseTo(-0.15880800939172324, 6);
  });

  it('selu uses the Keras constants; elu is expm1 below zero', () => {
    const { kernels, input, read } = kernelTestBed();
    const [pos, neg] = read(kernels.selu({ x: input([1, -1]) }, {}));
    expect(pos).toBeCloseTo(1.0507009873554805, 6);
    expect(neg).toBeCloseTo(-1.1113307378125625, 6);
    expect(read(kernels.elu({ x: input([-1, 2]) }, {}))[0]).toBeCloseTo(-0.6321205588285577, 6);
  });

  it('softplus is stable at both ends', () => {
    const { kernels, input, read } = kernelTestBed();
    const [zero, big, small] = read(kernels.softplus({ x: input([0, 100, -100]) }, {}));
    expect(zero).toBeCloseTo(Math.LN2, 6);
    expect(big).toBe(100);
    expect(small).toBeGreaterThan(0);
    expect(small).toBeLessThan(1e-40);
  });

  it('relu6, leakyRelu and clipByValue', () => {
    const { kernels, input, read } = kernelTestBed();
    expect(read(kernels.relu6({ x: input([-1, 3, 7]) }, {}))).toEqual([0, 3, 6]);
    expect(read(kernels.leakyRelu({ x: input([-5, 5]) }, { alpha: 0.25 }))).toEqual([-1.25, 5]);
    expect(read(kernels.clipByValue({ x: input([-2, 0.5, 2]) }, { min: -1, max: 1 }))).toEqual([
      -1, 0.5, 1,
    ]);
  });
});

describe('batchNorm', () => {
  it('normalises with per-channel parameters', () => {
    const { kernels, input, read } = kernelTestBed();
    const y = kernels.batchNorm(
      {
        x: input([1, 2, 3, 4], [2, 2]),
        mean: input([2, 3]),
        variance: input([1, 4]),
        offset: input([0, 1]),
        scale: input([2, 1]),
      },
      { epsilon: 0 },
    );
    expect(read(y)).toEqual([-2, 0.5, 2, 1.5]);
  });

  it('broadcasts parameters of other shapes', () => {
    const { kernels, input, read } = kernelTestBed();
    const y = kernels.batchNorm(
      {
        x: input([1, 2, 3, 4], [2, 2]),
        mean: input([1, 3], [2, 1]),
        variance: input([0.75], []),
        offset: input([0], [1]),
        scale: input([1, 2, 3, 4], [2, 2]),
      },
      { epsilon: 0.25 },
    );
    expect(read(y)).toEqual([0, 2, 0, 4]);
  });
});
