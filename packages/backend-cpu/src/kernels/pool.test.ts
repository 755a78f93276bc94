import type { Pool2dAttrs } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { kernelTestBed, maxAbsDiff, randomValues } from '../test-support';

const oneToNine = [1, 2, 3, 4, 5, 6, 7, 8, 9];
// TF 'same' for a 3x3 input, 2x2 window, stride 1: one padding cell after, in each dimension.
const same2x2: Pool2dAttrs = { filterSize: [2, 2], strides: [1, 1], pad: [0, 1, 0, 1] };

describe('maxPool', () => {
  it('takes the maximum of each 2x2 window, stride 2', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input(
      Array.from({ length: 16 }, (_, i) => i + 1),
      [1, 4, 4, 1],
    );
    const y = kernels.maxPool({ x }, { filterSize: [2, 2], strides: [2, 2], pad: [0, 0, 0, 0] });
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(read(y)).toEqual([6, 8, 14, 16]);
  });

  it("ignores padding cells under 'same' padding, even for negative inputs", () => {
    const { kernels, input, read } = kernelTestBed();
    expect(read(kernels.maxPool({ x: input(oneToNine, [1, 3, 3, 1]) }, same2x2))).toEqual([
      5, 6, 6, 8, 9, 9, 8, 9, 9,
    ]);
    const negative = input(
      oneToNine.map((v) => -v),
      [1, 3, 3, 1],
    );
    expect(read(kernels.maxPool({ x: negative }, same2x2))).toEqual([
      -1, -2, -3, -4, -5, -6, -7, -8, -9,
    ]);
  });

  it('pools each channel separately', () => {
    const { kernels, input, read } = kernelTestBed();
    const x = input([1, -1, 2, -2, 3, -3, 4, -4], [1, 2, 2, 2]);
    expect(
      read(kernels.maxPool({ x }, { filterSize: [2, 2], strides: [1, 1], pad: [0, 0, 0, 0] })),
    ).toEqual([4, -1]);
  });
});

describe('avgPool', () => {
  it("averages over the non-padding cells of each window under 'same' padding", () => {
    const { kernels, input, read } = kernelTestBed();
    const y = kernels.avgPool({ x: input(oneToNine, [1, 3, 3, 1]) }, same2x2);
    expect(read(y)).toEqual([3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9]);
  });
});

describe('pooling gradients', () => {
  it('maxPoolGrad routes dy to the first maximum in window scan order, summing overlaps', () => {
    const { kernels, input, read } = kernelTestBed();
    const ties = input([3, 3, 3, 3], [1, 2, 2, 1]);
    const whole: Pool2dAttrs = { filterSize: [2, 2], strides: [1, 1], pad: [0, 0, 0, 0] };
    expect(read(kernels.maxPoolGrad({ dy: input([5], [1, 1, 1, 1]), x: ties }, whole))).toEqual([
      5, 0, 0, 0,
    ]);
    const x = input([1, 2, 1], [1, 1, 3, 1]);
    const overlapping: Pool2dAttrs = { filterSize: [1, 2], strides: [1, 1], pad: [0, 0, 0, 0] };
    expect(read(kernels.maxPoolGrad({ dy: input([1, 10], [1, 1, 2, 1]), x }, overlapping))).toEqual(
      [0, 11, 0],
    );
  });

  it("avgPoolGrad spreads dy over each window's real cells", () => {
    const { kernels, input, read } = kernelTestBed();
    const dy = input(new Array(9).fill(1), [1, 3, 3, 1]);
    const dx = kernels.avgPoolGrad({ dy }, { ...same2x2, inputShape: [1, 3, 3, 1] });
    expect(read(dx)).toEqual([0.25, 0.5, 0.75, 0.5, 1, 1.5, 0.75, 1.5, 2.25]);
  });

  it('both match finite differences of sum(pool(x) * dy) on random data', () => {
    const { kernels, input, read } = kernelTestBed();
    const shape = [2, 5, 6, 3];
    const attrs: Pool2dAttrs = { filterSize: [3, 2], strides: [2, 2], pad: [1, 1, 0, 1] };
    // Distinct values 0.1 apart, in scrambled order, so no step crosses a tie between window cells.
    const x = input(
      randomValues(2 * 5 * 6 * 3, 5)
        .map((r, i) => ({ r, i }))
        .sort((p, q) => p.r - q.r)
        .map(({ i }) => i / 10),
      shape,
    );
    const xValues = read(x);
    const outShape = kernels.maxPool({ x }, attrs).shape as number[];
    const dy = input(
      randomValues(
        outShape.reduce((p, d) => p * d),
        9,
      ),
      outShape,
    );
    const dyValues = read(dy);
    for (const kind of ['maxPool', 'avgPool'] as const) {
      const loss = (values: number[]): number => {
        const y = read(kernels[kind]({ x: input(values, shape) }, attrs));
        return y.reduce((s, v, i) => s + v * dyValues[i]!, 0);
      };
      const step = 1e-2;
      const numeric = xValues.map((_, i) => {
        const plus = [...xValues];
        const minus = [...xValues];
        plus[i]! += step;
        minus[i]! -= step;
        return (loss(plus) - loss(minus)) / (2 * step);
      });
      const analytic =
        kind === 'maxPool'
          ? kernels.maxPoolGrad({ dy, x }, attrs)
          : kernels.avgPoolGrad({ dy }, { ...attrs, inputShape: shape });
      expect(maxAbsDiff(read(analytic), numeric)).toBeLessThan(1e-3);
    }
  });
});
