import type { Pad2d } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { GEMM_PATHS, kernelTestBed, maxAbsDiff, randomValues } from '../test-support';

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

const cases: ConvCase[] = [
  {
    name: 'valid, stride 2',
    xShape: [2, 7, 8, 3],
    filterShape: [3, 3, 3, 4],
    strides: [2, 2],
    dilations: [1, 1],
    pad: [0, 0, 0, 0],
  },
  // TF 'same' for 7x8 input, 3x3 window, stride 2: totals 2 and 1, the odd cell after.
  {
    name: "'same', stride 2",
    xShape: [2, 7, 8, 3],
    filterShape: [3, 3, 3, 4],
    strides: [2, 2],
    dilations: [1, 1],
    pad: [1, 1, 0, 1],
  },
  {
    name: 'dilation 2, asymmetric padding',
    xShape: [1, 6, 7, 2],
    filterShape: [2, 3, 2, 3],
    strides: [1, 1],
    dilations: [2, 2],
    pad: [2, 0, 1, 3],
  },
  {
    name: 'stride 2 and dilation 2, asymmetric padding',
    xShape: [2, 9, 8, 2],
    filterShape: [3, 2, 2, 5],
    strides: [2, 2],
    dilations: [2, 2],
    pad: [1, 2, 0, 1],
  },
  {
    name: 'pointwise 1x1',
    xShape: [2, 4, 5, 6],
    filterShape: [1, 1, 6, 3],
    strides: [1, 1],
    dilations: [1, 1],
    pad: [0, 0, 0, 0],
  },
  {
    name: '1x1 with stride 2',
    xShape: [1, 5, 5, 2],
    filterShape: [1, 1, 2, 2],
    strides: [2, 2],
    dilations: [1, 1],
    pad: [0, 0, 0, 0],
  },
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
        const { kernels, input, read } = kernelTestBed(path.options);
        const x = input(
          randomValues(
            c.xShape.reduce((p, d) => p * d),
            11,
          ),
          c.xShape,
        );
        const filter = input(
          randomValues(
            c.filterShape.reduce((p, d) => p * d),
            13,
          ),
          c.filterShape,
        );
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
        const { kernels, input, read } = kernelTestBed(path.options);
        const x = input(
          randomValues(
            c.xShape.reduce((p, d) => p * d),
            17,
          ),
          c.xShape,
        );
        const filter = input(
          randomValues(
            c.filterShape.reduce((p, d) => p * d),
            19,
          ),
          c.filterShape,
        );
        const xValues = read(x);
        const wValues = read(filter);
        const outShape = referenceConv2d(xValues, wValues, c).shape;
        const dy = input(
          randomValues(
            outShape.reduce((p, d) => p * d),
            23,
          ),
          outShape,
        );
        const dyValues = read(dy);
        const loss = (xs: number[], ws: number[]): number =>
          referenceConv2d(xs, ws, c).values.reduce((s, v, i) => s + v * dyValues[i]!, 0);
        const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };

        const dx = kernels.conv2dBackpropInput({ dy, filter }, { ...attrs, inputShape: c.xShape });
        expect(dx.shape).toEqual(c.xShape);
        expect(
          maxAbsDiff(
            read(dx),
            finiteDifferences(xValues, (xs) => loss(xs, wValues)),
          ),
        ).toBeLessThan(1e-4);

        const dw = kernels.conv2dBackpropFilter(
          { x, dy },
          { ...attrs, filterShape: c.filterShape },
        );
        expect(dw.shape).toEqual(c.filterShape);
        expect(
          maxAbsDiff(
            read(dw),
            finiteDifferences(wValues, (ws) => loss(xValues, ws)),
          ),
        ).toBeLessThan(1e-4);
      });
    }
});
