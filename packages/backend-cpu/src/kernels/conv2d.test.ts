import type { Pad2d, TensorInfo } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { GEMM_PATHS, kernelTestBed, maxAbsDiff } from '../test-support';

interface ConvCase {
  name: string;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: Pad2d;
}

/** conv2d by its definition, seven nested loops in float64. */
function referenceConv2d(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  c: ConvCase,
): { values: number[]; shape: number[] } {
  const [n, h, wd, ci] = c.xShape;
  const [fh, fw, , co] = c.filterShape;
  const [sh, sw] = c.strides;
  const [dh, dw] = c.dilations;
  const [top, bottom, left, right] = c.pad;
  const oh = Math.floor((h + top + bottom - ((fh - 1) * dh + 1)) / sh) + 1;
  const ow = Math.floor((wd + left + right - ((fw - 1) * dw + 1)) / sw) + 1;
  const values = new Array<number>(n * oh * ow * co).fill(0);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let oc = 0; oc < co; oc++) {
          let s = 0;
          for (let fy = 0; fy < fh; fy++)
            for (let fx = 0; fx < fw; fx++)
              for (let ic = 0; ic < ci; ic++) {
                const iy = oy * sh - top + fy * dh;
                const ix = ox * sw - left + fx * dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                s +=
                  x[((b * h + iy) * wd + ix) * ci + ic]! * w[((fy * fw + fx) * ci + ic) * co + oc]!;
              }
          values[((b * oh + oy) * ow + ox) * co + oc] = s;
        }
  return { values, shape: [n, oh, ow, co] };
}

const convCase = (
  name: string,
  xShape: ConvCase['xShape'],
  filterShape: ConvCase['filterShape'],
  strides: ConvCase['strides'],
  dilations: ConvCase['dilations'],
  pad: Pad2d,
): ConvCase => ({ name, xShape, filterShape, strides, dilations, pad });

const cases: ConvCase[] = [
  convCase('valid, stride 2', [2, 7, 8, 3], [3, 3, 3, 4], [2, 2], [1, 1], [0, 0, 0, 0]),
  // TF 'same' for 7x8 input, 3x3 window, stride 2: totals 2 and 1, the odd cell after.
  convCase("'same', stride 2", [2, 7, 8, 3], [3, 3, 3, 4], [2, 2], [1, 1], [1, 1, 0, 1]),
  convCase('dilation 2, uneven padding', [1, 6, 7, 2], [2, 3, 2, 3], [1, 1], [2, 2], [2, 0, 1, 3]),
  convCase(
    'strided, dilated, uneven pad',
    [2, 9, 8, 2],
    [3, 2, 2, 5],
    [2, 2],
    [2, 2],
    [1, 2, 0, 1],
  ),
  convCase('pointwise 1x1', [2, 4, 5, 6], [1, 1, 6, 3], [1, 1], [1, 1], [0, 0, 0, 0]),
  convCase('1x1 with stride 2', [1, 5, 5, 2], [1, 1, 2, 2], [2, 2], [1, 1], [0, 0, 0, 0]),
];

/** Central finite differences of f at every coordinate of `at`, in float64. */
function finiteDifferences(at: number[], f: (v: number[]) => number, step = 1e-3): number[] {
  return at.map((_, i) => {
    const plus = [...at];
    const minus = [...at];
    plus[i]! += step;
    minus[i]! -= step;
    return (f(plus) - f(minus)) / (2 * step);
  });
}

describe('conv2d', () => {
  for (const path of GEMM_PATHS)
    for (const c of cases) {
      it(`matches the direct seven-loop reference (${c.name}; ${path.name})`, () => {
        const { kernels, random, read } = kernelTestBed(path.options);
        const x = random(c.xShape, 11);
        const filter = random(c.filterShape, 13);
        const y = kernels.conv2d(
          { x, filter },
          { strides: c.strides, dilations: c.dilations, pad: c.pad },
        );
        const expected = referenceConv2d(read(x), read(filter), c);
        expect(y.shape).toEqual(expected.shape);
        expect(maxAbsDiff(read(y), expected.values)).toBeLessThan(1e-5);
      });
    }

  it('names the op when the window does not fit', () => {
    const { kernels, input } = kernelTestBed();
    const x = input(new Array(4).fill(1), [1, 2, 2, 1]);
    const filter = input(new Array(9).fill(1), [3, 3, 1, 1]);
    expect(() =>
      kernels.conv2d({ x, filter }, { strides: [1, 1], dilations: [1, 1], pad: [0, 0, 0, 0] }),
    ).toThrow(/conv2d: window 3x3/);
  });
});

describe('conv2d gradients match finite differences of sum(conv2d(x, w) * dy)', () => {
  for (const path of GEMM_PATHS)
    for (const c of cases) {
      it(`conv2dBackpropInput and conv2dBackpropFilter (${c.name}; ${path.name})`, () => {
        const { kernels, random, read } = kernelTestBed(path.options);
        const x = random(c.xShape, 17);
        const filter = random(c.filterShape, 19);
        const xValues = read(x);
        const wValues = read(filter);
        const outShape = referenceConv2d(xValues, wValues, c).shape;
        const dy = random(outShape, 23);
        const dyValues = read(dy);
        const loss = (xs: number[], ws: number[]): number =>
          referenceConv2d(xs, ws, c).values.reduce((s, v, i) => s + v * dyValues[i]!, 0);
        const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };

        /** A gradient kernel's output against central differences of the loss. */
        const expectGradient = (
          got: TensorInfo,
          shape: number[],
          at: number[],
          f: (v: number[]) => number,
        ): void => {
          expect(got.shape).toEqual(shape);
          expect(maxAbsDiff(read(got), finiteDifferences(at, f))).toBeLessThan(1e-4);
        };
        const dx = kernels.conv2dBackpropInput({ dy, filter }, { ...attrs, inputShape: c.xShape });
        expectGradient(dx, c.xShape, xValues, (xs) => loss(xs, wValues));
        const dw = kernels.conv2dBackpropFilter(
          { x, dy },
          { ...attrs, filterShape: c.filterShape },
        );
        expectGradient(dw, c.filterShape, wValues, (ws) => loss(xValues, ws));
      });
    }
});
