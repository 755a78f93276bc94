/** Convolution, its gradients, pooling and its gradients, batchNorm, dropout and transformImages. */

import type { Conv2dOptions, Pool2dOptions } from '@glia/core';
import * as g from '@glia/core';
import { expect } from 'vitest';
import {
  EXACT,
  expectNd,
  expectShape,
  expectTensor,
  mismatches,
  withAllValues,
  withValues,
} from '../assert';
import { f32, floats, ints } from '../fixtures';
import { type Harness, testEach } from '../harness';
import * as ref from '../reference/conv';
import { type Nd, nd, randomIntNd, randomNd, zip } from '../reference/nd';

interface ConvCase {
  label: string;
  x: number[];
  filter: number[];
  options: Conv2dOptions;
  /** The options read by the reference: explicit strides, dilations and padding per side. */
  window: ref.Window;
}

const pair = (v: number | [number, number] | undefined, fallback: number): [number, number] =>
  v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v;

/** Padding per side [top, bottom, left, right], from 'valid', 'same' or explicit pairs. */
function padOf(
  padding: Conv2dOptions['padding'],
  x: number[],
  window: number[],
  strides: [number, number],
  dilations: [number, number] = [1, 1],
): ref.Window['pad'] {
  if (padding === undefined || padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same')
    return [
      ...ref.samePad(x[1]!, window[0]!, strides[0], dilations[0]),
      ...ref.samePad(x[2]!, window[1]!, strides[1], dilations[1]),
    ];
  return [...padding[0], ...padding[1]];
}

function convCase(label: string, x: number[], filter: number[], options: Conv2dOptions): ConvCase {
  const strides = pair(options.strides, 1);
  const dilations = pair(options.dilations, 1);
  const pad = padOf(options.padding, x, filter, strides, dilations);
  return { label, x, filter, options, window: { strides, pad, dilations } };
}

const CONV_CASES: readonly ConvCase[] = [
  convCase('valid, stride 1', [1, 5, 5, 1], [3, 3, 1, 1], {}),
  convCase('valid, batch 2, 2 to 3 channels, 3x2 filter', [2, 6, 5, 2], [3, 2, 2, 3], {
    padding: 'valid',
  }),
  convCase('same, stride 1', [1, 5, 5, 2], [3, 3, 2, 2], { padding: 'same' }),
  convCase('same, stride 2, even input', [1, 6, 6, 1], [3, 3, 1, 2], {
    padding: 'same',
    strides: 2,
  }),
  convCase('same, stride 2, odd input, 2x2 filter', [2, 7, 5, 3], [2, 2, 3, 1], {
    padding: 'same',
    strides: [2, 2],
  }),
  convCase('valid, strides [1,2]', [1, 5, 7, 2], [3, 3, 2, 2], { strides: [1, 2] }),
  convCase('explicit padding [[1,0],[2,1]]', [1, 4, 4, 2], [3, 3, 2, 1], {
    padding: [
      [1, 0],
      [2, 1],
    ],
  }),
  convCase('dilations 2, valid', [1, 7, 7, 1], [3, 3, 1, 2], { dilations: 2 }),
  convCase('dilations [2,1], same', [1, 7, 6, 2], [3, 3, 2, 1], {
    dilations: [2, 1],
    padding: 'same',
  }),
  convCase('1x1 filter mixes channels only', [2, 3, 3, 4], [1, 1, 4, 3], {}),
  convCase('larger: [2,12,12,16] with [3,3,16,8], same', [2, 12, 12, 16], [3, 3, 16, 8], {
    padding: 'same',
  }),
];

/** The cases the backprop kernels are checked on. */
const BACKPROP_CASES = [0, 1, 2, 3, 4, 6, 7].map((i) => CONV_CASES[i]!);

function outShape(c: ConvCase): number[] {
  const w = c.window;
  const size = (n: number, k: number, s: number, d: number, p0: number, p1: number): number =>
    Math.floor((n + p0 + p1 - ((k - 1) * d + 1)) / s) + 1;
  return [
    c.x[0]!,
    size(c.x[1]!, c.filter[0]!, w.strides[0], w.dilations[0], w.pad[0], w.pad[1]),
    size(c.x[2]!, c.filter[1]!, w.strides[1], w.dilations[1], w.pad[2], w.pad[3]),
    c.filter[3]!,
  ];
}

interface PoolCase {
  label: string;
  x: number[];
  options: Pool2dOptions;
  window: ref.PoolWindow;
  /** Input range; all-negative inputs catch padding counted as zeros. */
  range: [number, number];
}

/** A pooling case; strides default to the pool size. */
function poolCase(
  label: string,
  x: number[],
  options: Pool2dOptions,
  range: [number, number],
): PoolCase {
  const filterSize = pair(options.poolSize, 1);
  const strides = options.strides === undefined ? filterSize : pair(options.strides, 1);
  const pad = padOf(options.padding, x, filterSize, strides);
  return { label, x, options, window: { filterSize, strides, pad }, range };
}

const POOL_CASES: readonly PoolCase[] = [
  poolCase('poolSize 2 (strides default to poolSize)', [1, 4, 4, 1], { poolSize: 2 }, [-3, 3]),
  poolCase(
    '3x3, stride 2, same, batch 2, 3 channels',
    [2, 5, 5, 3],
    { poolSize: 3, strides: 2, padding: 'same' },
    [-5, -1],
  ),
  poolCase(
    '[2,3] window, stride 1, valid',
    [1, 6, 5, 2],
    { poolSize: [2, 3], strides: 1 },
    [-3, 3],
  ),
  poolCase(
    'explicit padding [[1,1],[0,1]] with negative inputs',
    [1, 4, 5, 1],
    {
      poolSize: 2,
      padding: [
        [1, 1],
        [0, 1],
      ],
    },
    [-5, -1],
  ),
  poolCase(
    '3x3, stride 1, same (overlapping windows)',
    [1, 4, 4, 2],
    { poolSize: 3, strides: 1, padding: 'same' },
    [-5, -1],
  ),
  poolCase('larger: [2,16,16,8], 2x2', [2, 16, 16, 8], { poolSize: 2 }, [-3, 3]),
];

function poolOutShape(c: PoolCase): number[] {
  const w = c.window;
  return [
    c.x[0]!,
    Math.floor((c.x[1]! + w.pad[0] + w.pad[1] - w.filterSize[0]) / w.strides[0]) + 1,
    Math.floor((c.x[2]! + w.pad[2] + w.pad[3] - w.filterSize[1]) / w.strides[1]) + 1,
    c.x[3]!,
  ];
}

export function defineNnCases(h: Harness): void {
  h.family('nn', () => {
    h.group('conv2d', () => {
      testEach(h, CONV_CASES, (c, i) => {
        const x = randomNd(c.x, 800 + i);
        const w = randomNd(c.filter, 850 + i);
        expectNd(g.conv2d(f32(x), f32(w), c.options), ref.conv2d(x, w, c.window), h.tol('conv'));
      });
      h.test('hand-computed: 1..9 with a 2x2 filter of ones', () => {
        const out = g.conv2d(
          floats([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]),
          g.ones([2, 2, 1, 1]),
        );
        expectTensor(out, { shape: [1, 2, 2, 1], dtype: 'float32', values: [12, 16, 24, 28] });
      });
      h.test('an unbatched rank-3 input gives a rank-3 output', () => {
        const x = randomNd([5, 5, 2], 870);
        const w = randomNd([3, 3, 2, 2], 871);
        const expected = ref.conv2d(nd([1, 5, 5, 2], x.data), w, {
          strides: [1, 1],
          pad: [1, 1, 1, 1],
          dilations: [1, 1],
        });
        expectNd(
          g.conv2d(f32(x), f32(w), { padding: 'same' }),
          nd([5, 5, 2], expected.data),
          h.tol('conv'),
        );
      });
      h.test('int32 operands compute in float32', () => {
        const out = g.conv2d(ints([1, 2, 2, 1], [1, 2, 3, 4]), ints([2, 2, 1, 1], [1, 0, 0, 1]));
        expectTensor(out, { shape: [1, 1, 1, 1], dtype: 'float32', values: [5] });
      });
    });

    h.group('conv2dBackpropInput', () => {
      testEach(h, BACKPROP_CASES, (c, i) => {
        const dy = randomNd(outShape(c), 900 + i);
        const w = randomNd(c.filter, 950 + i);
        expectNd(
          g.conv2dBackpropInput(f32(dy), f32(w), c.x, c.options),
          ref.conv2dBackpropInput(dy, w, c.x, c.window),
          h.tol('conv'),
        );
      });
      h.test('is the adjoint of conv2d: <conv2d(x), dy> = <x, backpropInput(dy)>', () => {
        const c = CONV_CASES[4]!;
        const x = randomNd(c.x, 960);
        const w = randomNd(c.filter, 961);
        const dy = randomNd(outShape(c), 962);
        const lhs = g.sum(g.mul(g.conv2d(f32(x), f32(w), c.options), f32(dy)));
        const rhs = g.sum(g.mul(f32(x), g.conv2dBackpropInput(f32(dy), f32(w), c.x, c.options)));
        withAllValues([lhs, rhs], ([l, r]) => {
          expect(mismatches(l!, [Math.fround(r![0]!)], h.tol('conv'))).toBe('');
        });
      });
    });

    h.group('conv2dBackpropFilter', () => {
      testEach(h, BACKPROP_CASES, (c, i) => {
        const x = randomNd(c.x, 1000 + i);
        const dy = randomNd(outShape(c), 1050 + i);
        expectNd(
          g.conv2dBackpropFilter(f32(x), f32(dy), c.filter, c.options),
          ref.conv2dBackpropFilter(x, dy, c.filter, c.window),
          h.tol('conv'),
        );
      });
    });

    h.group('conv2dTranspose', () => {
      h.test('upsamples [1,3,3,2] to [1,6,6,4] with stride 2, same', () => {
        const x = randomNd([1, 3, 3, 2], 1100);
        const w = randomNd([3, 3, 4, 2], 1101);
        const window: ref.Window = {
          strides: [2, 2],
          pad: [...ref.samePad(6, 3, 2), ...ref.samePad(6, 3, 2)],
          dilations: [1, 1],
        };
        expectNd(
          g.conv2dTranspose(f32(x), f32(w), [1, 6, 6, 4], { strides: 2, padding: 'same' }),
          ref.conv2dBackpropInput(x, w, [1, 6, 6, 4], window),
          h.tol('conv'),
        );
      });
      h.test('valid, stride 1: [1,3,3,1] to [1,4,4,1] (hand-computed)', () => {
        const out = g.conv2dTranspose(
          floats([1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9]),
          g.ones([2, 2, 1, 1]),
          [1, 4, 4, 1],
        );
        expectTensor(
          out,
          { shape: [1, 4, 4, 1], values: [1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9] },
          h.tol('conv'),
        );
      });
      h.test('valid, stride 2, batch 2', () => {
        const x = randomNd([2, 2, 3, 3], 1102);
        const w = randomNd([2, 2, 1, 3], 1103);
        const window: ref.Window = { strides: [2, 2], pad: [0, 0, 0, 0], dilations: [1, 1] };
        expectNd(
          g.conv2dTranspose(f32(x), f32(w), [2, 4, 6, 1], { strides: 2 }),
          ref.conv2dBackpropInput(x, w, [2, 4, 6, 1], window),
          h.tol('conv'),
        );
      });
    });

    for (const [name, op, refOp] of [
      ['maxPool2d', g.maxPool2d, ref.maxPool],
      ['avgPool2d', g.avgPool2d, ref.avgPool],
    ] as const) {
      h.group(name, () => {
        testEach(h, POOL_CASES, (c, i) => {
          const x = randomNd(c.x, 1200 + i, c.range[0], c.range[1]);
          expectNd(
            op(f32(x), c.options),
            refOp(x, c.window),
            name === 'maxPool2d' ? EXACT : h.tol('conv'),
          );
        });
        h.test('hand-computed 2x2 windows of 1..16', () => {
          const x = floats(
            [1, 4, 4, 1],
            Array.from({ length: 16 }, (_, i) => i + 1),
          );
          expectTensor(
            op(x, { poolSize: 2 }),
            {
              shape: [1, 2, 2, 1],
              dtype: 'float32',
              values: name === 'maxPool2d' ? [6, 8, 14, 16] : [3.5, 5.5, 11.5, 13.5],
            },
            h.tol('conv'),
          );
        });
      });
    }
    h.test('maxPool2d: ±Infinity inputs', () => {
      const x = floats(
        [1, 2, 2, 1],
        [
          -Number.POSITIVE_INFINITY,
          -Number.POSITIVE_INFINITY,
          -Number.POSITIVE_INFINITY,
          -Number.POSITIVE_INFINITY,
        ],
      );
      expectTensor(g.maxPool2d(x, { poolSize: 2 }), {
        shape: [1, 1, 1, 1],
        values: [Number.NEGATIVE_INFINITY],
      });
      expectTensor(
        g.maxPool2d(floats([1, 2, 2, 1], [1, Number.POSITIVE_INFINITY, 2, 3]), { poolSize: 2 }),
        { shape: [1, 1, 1, 1], values: [Number.POSITIVE_INFINITY] },
      );
    });

    h.group('maxPoolGrad', () => {
      testEach(h, POOL_CASES, (c, i) => {
        const x = randomNd(c.x, 1300 + i, c.range[0], c.range[1]);
        const dy = randomNd(poolOutShape(c), 1350 + i);
        expectNd(
          g.maxPoolGrad(f32(dy), f32(x), c.options),
          ref.maxPoolGrad(dy, x, c.window),
          h.tol('conv'),
        );
      });
      h.test('ties route dy to the first maximum of each window', () => {
        const c = POOL_CASES[4]!;
        const x = randomIntNd(c.x, 1360, 0, 1);
        const dy = randomNd(poolOutShape(c), 1361);
        expectNd(
          g.maxPoolGrad(f32(dy), f32(x), c.options),
          ref.maxPoolGrad(dy, x, c.window),
          h.tol('conv'),
        );
      });
    });

    h.group('avgPoolGrad', () => {
      testEach(h, POOL_CASES, (c, i) => {
        const dy = randomNd(poolOutShape(c), 1400 + i);
        expectNd(
          g.avgPoolGrad(f32(dy), c.x, c.options),
          ref.avgPoolGrad(dy, c.x, c.window),
          h.tol('conv'),
        );
      });
    });

    h.group('size-0', () => {
      h.test('conv2d and its gradients with a batch of 0', () => {
        const w = g.ones([3, 3, 2, 4]);
        expectTensor(g.conv2d(g.zeros([0, 5, 5, 2]), w), {
          shape: [0, 3, 3, 4],
          dtype: 'float32',
          values: [],
        });
        expectTensor(g.conv2dBackpropInput(g.zeros([0, 3, 3, 4]), w, [0, 5, 5, 2]), {
          shape: [0, 5, 5, 2],
          values: [],
        });
        expectTensor(
          g.conv2dBackpropFilter(g.zeros([0, 5, 5, 2]), g.zeros([0, 3, 3, 4]), [3, 3, 2, 4]),
          { shape: [3, 3, 2, 4], values: new Array<number>(72).fill(0) },
        );
      });
      h.test('pooling with a batch of 0 and with 0 channels', () => {
        expectTensor(g.maxPool2d(g.zeros([0, 4, 4, 1]), { poolSize: 2 }), {
          shape: [0, 2, 2, 1],
          values: [],
        });
        expectTensor(g.avgPool2d(g.zeros([1, 4, 4, 0]), { poolSize: 2 }), {
          shape: [1, 2, 2, 0],
          values: [],
        });
      });
      h.test('batchNorm of a [0,3] input', () => {
        expectTensor(g.batchNorm(g.zeros([0, 3]), g.zeros([3]), g.ones([3])), {
          shape: [0, 3],
          values: [],
        });
      });
    });

    h.group('batchNorm', () => {
      const tol = h.tol('conv');
      const norm = (x: Nd, m: Nd, v: Nd, o: Nd, s: Nd, eps: number): Nd =>
        zip(
          zip(
            zip(
              zip(x, m, (a, b) => a - b),
              v,
              (a, b) => a / Math.sqrt(b + eps),
            ),
            s,
            (a, b) => a * b,
          ),
          o,
          (a, b) => a + b,
        );
      h.test('NHWC [2,3,3,4] with per-channel statistics, offset and scale', () => {
        const x = randomNd([2, 3, 3, 4], 1500, -3, 3);
        const m = randomNd([4], 1501);
        const v = randomNd([4], 1502, 0.1, 2);
        const o = randomNd([4], 1503);
        const s = randomNd([4], 1504, 0.5, 2);
        expectNd(
          g.batchNorm(f32(x), f32(m), f32(v), { offset: f32(o), scale: f32(s), epsilon: 1e-3 }),
          norm(x, m, v, o, s, 1e-3),
          tol,
        );
      });
      h.test('without offset and scale, default epsilon 1e-3', () => {
        const x = randomNd([5, 3], 1510, -3, 3);
        const m = randomNd([3], 1511);
        const v = randomNd([3], 1512, 0, 1);
        expectNd(
          g.batchNorm(f32(x), f32(m), f32(v)),
          norm(x, m, v, nd([], [0]), nd([], [1]), 1e-3),
          tol,
        );
      });
      h.test('epsilon 0.1 and statistics of shape [1,3]', () => {
        const x = randomNd([4, 3], 1520, -3, 3);
        const m = randomNd([1, 3], 1521);
        const v = randomNd([1, 3], 1522, 0, 1);
        expectNd(
          g.batchNorm(f32(x), f32(m), f32(v), { epsilon: 0.1 }),
          norm(x, m, v, nd([], [0]), nd([], [1]), 0.1),
          tol,
        );
      });
    });

    h.group('dropout', () => {
      const n = 10000;
      h.test('the same seed gives the same mask', () => {
        const x = g.ones([n]);
        withAllValues([g.dropout(x, 0.3, 42), g.dropout(x, 0.3, 42)], ([a, b]) => {
          expect(Array.from(a!)).toEqual(Array.from(b!));
        });
      });
      h.test('different seeds give different masks', () => {
        const x = g.ones([200]);
        withAllValues([g.dropout(x, 0.5, 1), g.dropout(x, 0.5, 2)], ([a, b]) => {
          expect(Array.from(a!)).not.toEqual(Array.from(b!));
        });
      });
      for (const rate of [0.1, 0.5, 0.8]) {
        h.test(`rate ${rate}: about rate·n zeros, the rest scaled by 1/(1-rate)`, () => {
          const xs = randomNd([n], 1600, 0.5, 1.5);
          withValues(g.dropout(f32(xs), rate, 7), (out) => {
            let zeros = 0;
            const bad: string[] = [];
            Array.from(out).forEach((v, i) => {
              if (v === 0) zeros++;
              else if (Math.abs(v - xs.data[i]! / (1 - rate)) > 1e-5 * Math.abs(v))
                bad.push(`[${i}] ${v}`);
            });
            expect(bad.slice(0, 5), 'kept values scaled by 1/(1-rate)').toEqual([]);
            expect(Math.abs(zeros / n - rate), `zero fraction ${zeros / n}`).toBeLessThan(0.03);
          });
        });
      }
      h.test('the mask follows the seeded host generator (the same on every backend)', () => {
        const prng = new g.Prng(1234);
        const expected = Array.from({ length: 50 }, () => (prng.nextFloat() >= 0.4 ? 1 / 0.6 : 0));
        expectTensor(
          g.dropout(g.ones([5, 10]), 0.4, 1234),
          { shape: [5, 10], dtype: 'float32', values: expected },
          h.tol('elementwise'),
        );
      });
      h.test('rate 0 is the identity; int32 input gives float32', () => {
        const x = randomNd([3, 4], 1610);
        expectNd(g.dropout(f32(x), 0, 3), x, EXACT);
        expectShape(g.dropout(ints([2, 2], [1, 2, 3, 4]), 0.5, 3), [2, 2], 'float32');
      });
    });
    h.group('transformImages', () => {
      // A 2x2 image with two channels: [[1, 2], [3, 4]] and ten times that.
      const image = () => floats([1, 2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]);
      h.test('hand-computed: bilinear half-pixel shift with a constant fill', () => {
        // Output (x, y) reads (x - 0.5, y - 0.5): each pixel averages four taps, those outside
        // the image reading 8. (0,0): 1/4 of pixel 1 + 3/4 fill; (1,1): the mean of all four.
        const out = g.transformImages(image(), [g.translationTransform(0.5, 0.5)], {
          fillMode: 'constant',
          fillValue: 8,
        });
        expectTensor(
          out,
          {
            shape: [1, 2, 2, 2],
            dtype: 'float32',
            values: [6.25, 8.5, 4.75, 11.5, 5, 14, 2.5, 25],
          },
          h.tol('elementwise'),
        );
      });
      h.test('hand-computed: nearest, one column right, wrapping', () => {
        const out = g.transformImages(image(), [g.translationTransform(1, 0)], {
          interpolation: 'nearest',
          fillMode: 'wrap',
        });
        expectTensor(out, {
          shape: [1, 2, 2, 2],
          dtype: 'float32',
          values: [2, 20, 1, 10, 4, 40, 3, 30],
        });
      });
    });
  });
}
