// Core's default compositions, run on a backend that has only the primitive kernels, against hand
// computed values and independent float64 loops.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  avgPool2d,
  avgPoolGrad,
  batchNorm,
  broadcastTo,
  COMPOSITE_KERNELS,
  clipByValue,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  elu,
  gelu,
  getBackend,
  hasComposition,
  leakyRelu,
  logSoftmax,
  logSumExp,
  maxPool2d,
  maxPoolGrad,
  mean,
  memory,
  moments,
  oneHot,
  registerBackend,
  relu6,
  reluGrad,
  selu,
  setBackend,
  sigmoidGrad,
  softmax,
  softplus,
  split,
  squaredDifference,
  type Tensor,
  tanhGrad,
  tensor,
} from '../index';
import { createNaiveBackend } from './test-support/naive-backend';

beforeAll(async () => {
  registerBackend('naive-primitives', () => createNaiveBackend());
  await setBackend('naive-primitives');
});

/** Runs one op and checks it leaves exactly its `outputs` new tensors behind (compositions leak nothing). */
function leakFree<T>(fn: () => T, outputs = 1): T {
  const before = memory().numTensors;
  const result = fn();
  expect(memory().numTensors).toBe(before + outputs);
  return result;
}

/** Elementwise |a - e| <= atol + rtol |e|, with NaN matching NaN and infinities matching exactly. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-5,
  atol = 1e-6,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i]!, expected[i]!];
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : Number.isFinite(e)
        ? Math.abs(a - e) <= atol + rtol * Math.abs(e)
        : a === e;
    if (!ok) expect.fail(`element ${i}: got ${a}, expected ${e}`);
  }
}

/** Deterministic float32-representable values in [-1, 1), so float64 references see what the tensors hold. */
function pseudoRandom(size: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.fround(state / 2 ** 31 - 1);
  });
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

it('every composite kernel has a composition, and the test backend implements none of them', () => {
  for (const name of COMPOSITE_KERNELS) {
    expect(hasComposition(name)).toBe(true);
    expect(getBackend().kernels[name]).toBeUndefined();
  }
});

describe('activations', () => {
  it('relu6, leakyRelu, elu and selu, keeping NaN', () => {
    const x = tensor([-2, -1, 0, 3, 7, Number.NaN]);
    expectClose(leakFree(() => relu6(x)).dataSync(), [0, 0, 0, 3, 6, Number.NaN]);
    expectClose(leakFree(() => leakyRelu(x, 0.1)).dataSync(), [-0.2, -0.1, 0, 3, 7, Number.NaN]);
    // alpha > 1 is where max(x, alpha * x) would be wrong
    const pair = tensor([-1, 2]);
    expectClose(leakFree(() => leakyRelu(pair, 3)).dataSync(), [-3, 2]);
    expectClose(leakFree(() => elu(x)).dataSync(), [
      Math.expm1(-2),
      Math.expm1(-1),
      0,
      3,
      7,
      Number.NaN,
    ]);
    const [scale, alpha] = [1.0507009873554805, 1.6732632423543772];
    expectClose(leakFree(() => selu(x)).dataSync(), [
      scale * alpha * Math.expm1(-2),
      scale * alpha * Math.expm1(-1),
      0,
      scale * 3,
      scale * 7,
      Number.NaN,
    ]);
  });

  it('gelu: exact (erf) and tanh-approximate values differ as published', () => {
    const x = tensor([-3, -1, 0, 0.5, 1, 2]);
    // x/2 (1 + erf(x/√2)) and the tanh form, from Python's math.erf / math.tanh in float64
    const exact = [
      -0.00404969409489031, -0.15865525393145707, 0, 0.34573123063700656, 0.8413447460685429,
      1.9544997361036416,
    ];
    const approx = [
      -0.0036373920817729943, -0.15880800939172324, 0, 0.34571400982514394, 0.8411919906082768,
      1.954597694087775,
    ];
    expectClose(leakFree(() => gelu(x)).dataSync(), exact);
    expectClose(leakFree(() => gelu(x, true)).dataSync(), approx);
  });

  it('softplus does not overflow and stays accurate in the tails', () => {
    const x = tensor([
      -100,
      -1,
      0,
      1,
      100,
      1000,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
    const expected = [
      3.720075976020836e-44,
      Math.log1p(Math.exp(-1)),
      Math.LN2,
      1 + Math.log1p(Math.exp(-1)),
      100,
      1000,
      0,
      Number.POSITIVE_INFINITY,
    ];
    expectClose(leakFree(() => softplus(x)).dataSync(), expected, 1e-5, 1e-45);
  });

  it('clipByValue keeps NaN and int32, and clips int32 by infinite bounds', () => {
    const floats = tensor([-2, 0.5, 3, Number.NaN]);
    expectClose(leakFree(() => clipByValue(floats, -1, 1)).dataSync(), [-1, 0.5, 1, Number.NaN]);
    const ints = tensor([-5, 2, 9], [3], 'int32');
    const clipped = leakFree(() => clipByValue(ints, Number.NEGATIVE_INFINITY, 4));
    expect(clipped.dtype).toBe('int32');
    expect([...clipped.dataSync()]).toEqual([-5, 2, 4]);
    expect([...leakFree(() => clipByValue(ints, -1.5, 8.5)).dataSync()]).toEqual([-1, 2, 8]);
  });

  it('squaredDifference broadcasts and keeps int32', () => {
    const [a, b] = [
      tensor(
        [
          [1, 5],
          [-3, 0],
        ],
        undefined,
        'int32',
      ),
      tensor([2, -1], [2], 'int32'),
    ];
    const y = leakFree(() => squaredDifference(a, b));
    expect(y.dtype).toBe('int32');
    expect([...y.dataSync()]).toEqual([1, 36, 25, 1]);
  });
});

describe('activation gradients', () => {
  const f32 = Math.fround;
  it('reluGrad passes dy where x > 0 and multiplies it by 0 elsewhere (x = 0 and NaN give 0)', () => {
    const inf = Number.POSITIVE_INFINITY;
    const dy = tensor([1.5, -2, 3, -4, inf, Number.NaN, 7, inf]);
    const x = tensor([2, 0, -1, -3, -1, -1, Number.NaN, 1]);
    const got = Array.from(leakFree(() => reluGrad(dy, x)).dataSync());
    // Object.is: dy * 0 is -0 for a negative dy, NaN for an infinite or NaN one
    expect(got.map((v) => Object.is(v, -0))).toEqual([
      false,
      true,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expectClose(got, [1.5, 0, 0, 0, Number.NaN, Number.NaN, 0, inf], 0, 0);
  });

  it('sigmoidGrad is dy * (y * (1 - y)) and tanhGrad dy * (1 - y²), rounded to float32 step by step', () => {
    const dyValues = [0.3, -1.7, 2.5, 1e-3, 4];
    const yValues = [0.1, 0.5, 0.99, 0.731, -0.8];
    const dy = tensor(dyValues);
    const y = tensor(yValues);
    const sig = leakFree(() => sigmoidGrad(dy, y)).dataSync();
    const tan = leakFree(() => tanhGrad(dy, y)).dataSync();
    dyValues.forEach((d, i) => {
      const [g, v] = [f32(d), f32(yValues[i]!)];
      expect(sig[i]).toBe(f32(g * f32(v * f32(1 - v))));
      expect(tan[i]).toBe(f32(g * f32(1 - f32(v * v))));
    });
  });

  it('reject operands of different shapes or of a dtype other than float32', () => {
    const a = tensor([1, 2, 3]);
    expect(() => sigmoidGrad(a, tensor([1, 2]))).toThrow(
      /sigmoidGrad: dy has shape \[3\] and y has shape \[2\]: expected the same shape/,
    );
    expect(() => reluGrad(a, tensor([1, 2, 3], undefined, 'int32'))).toThrow(
      /reluGrad: 'x' has dtype int32: expected float32/,
    );
    expect(() => tanhGrad(tensor([true, false, true]), a)).toThrow(
      /tanhGrad: 'dy' has dtype bool: expected float32/,
    );
  });
});

describe('reductions', () => {
  it('mean over axes, and NaN over an empty axis', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 9],
    ]);
    expectClose(leakFree(() => mean(x, 0)).dataSync(), [2.5, 3.5, 6]);
    expectClose(leakFree(() => mean(x)).dataSync(), [4]);
    const empty = tensor([], [0, 2]);
    expectClose(leakFree(() => mean(empty, 0)).dataSync(), [Number.NaN, Number.NaN]);
  });

  it('logSumExp is stable for large values and gives -Infinity for a row of -Infinity', () => {
    const x = tensor([
      [1000, 1001, 1002],
      [-1000, -1000, -1000],
    ]);
    expectClose(leakFree(() => logSumExp(x, 1)).dataSync(), [
      1002.4076059644444,
      -1000 + Math.log(3),
    ]);
    const inf = Number.POSITIVE_INFINITY;
    const edge = tensor([
      [-inf, -inf],
      [-inf, 0],
      [inf, 1],
      [Number.NaN, 1],
    ]);
    expectClose(leakFree(() => logSumExp(edge, 1)).dataSync(), [-inf, 0, inf, Number.NaN]);
    expectClose(leakFree(() => logSumExp(x, 1, true)).dataSync(), [
      1002.4076059644444,
      -1000 + Math.log(3),
    ]);
  });

  it('moments: mean and population variance, stable for a large mean', () => {
    const small = tensor([1, 2, 3, 4]);
    const m = leakFree(() => moments(small), 2);
    expectClose(m.mean.dataSync(), [2.5]);
    expectClose(m.variance.dataSync(), [1.25]);
    const large = tensor([10001, 10002, 10003]);
    const offset = leakFree(() => moments(large), 2);
    expectClose(offset.variance.dataSync(), [2 / 3]);

    const shape = [2, 3, 4];
    const values = pseudoRandom(size(shape), 7);
    const at = (i: number, j: number, k: number): number => values[(i * 3 + j) * 4 + k]!;
    const x = tensor(values, shape);
    const { mean: mu, variance } = leakFree(() => moments(x, [0, 2]), 2);
    expect(mu.shape).toEqual([3]);
    const refMean: number[] = [];
    const refVariance: number[] = [];
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) s += at(i, j, k);
      const mj = s / 8;
      let v = 0;
      for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) v += (at(i, j, k) - mj) ** 2;
      refMean.push(mj);
      refVariance.push(v / 8);
    }
    expectClose(mu.dataSync(), refMean);
    expectClose(variance.dataSync(), refVariance);
  });
});

describe('softmax', () => {
  it('is shifted by the max: [1000, 1001, 1002] and [-Infinity, 0]', () => {
    const probabilities = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219];
    const large = tensor([1000, 1001, 1002]);
    const masked = tensor([Number.NEGATIVE_INFINITY, 0]);
    expectClose(leakFree(() => softmax(large)).dataSync(), probabilities);
    expectClose(leakFree(() => softmax(masked)).dataSync(), [0, 1]);
    expectClose(leakFree(() => logSoftmax(large)).dataSync(), probabilities.map(Math.log));
    expectClose(leakFree(() => logSoftmax(masked)).dataSync(), [Number.NEGATIVE_INFINITY, 0]);
  });

  it('works along a non-last axis', () => {
    const values = pseudoRandom(6, 3).map((v) => v * 10);
    const x = tensor(values, [2, 3]);
    const y = leakFree(() => softmax(x, 0)).dataSync();
    const expected = values.map(
      (v, i) => Math.exp(v) / (Math.exp(values[i % 3]!) + Math.exp(values[3 + (i % 3)]!)),
    );
    expectClose(y, expected);
  });
});

describe('broadcastTo and oneHot', () => {
  it('broadcastTo adds leading dims and repeats size-1 dims, keeping the dtype', () => {
    const column = tensor([[1], [2], [3]], undefined, 'int32');
    const y = leakFree(() => broadcastTo(column, [2, 3, 2]));
    expect(y.shape).toEqual([2, 3, 2]);
    expect(y.dtype).toBe('int32');
    expect([...y.dataSync()]).toEqual([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    const flags = tensor([true, false]);
    const b = leakFree(() => broadcastTo(flags, [1, 2]));
    expect(b.arraySync()).toEqual([[true, false]]);
  });

  it('oneHot gives a row of offValue for an out-of-range index', () => {
    const indices = tensor([0, 2, -1, 3], [4], 'int32');
    const y = leakFree(() => oneHot(indices, 3, 5, -1));
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([
      [5, -1, -1],
      [-1, -1, 5],
      [-1, -1, -1],
      [-1, -1, -1],
    ]);
  });
});

describe('split', () => {
  it('cuts uneven pieces along the middle axis, a size-0 piece included, keeping the dtype', () => {
    // x[i][j][k] = 100 i + 10 j + k, so every value says where it came from
    const values: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++) for (let k = 0; k < 2; k++) values.push(100 * i + 10 * j + k);
    const x = tensor(values, [2, 4, 2], 'int32');
    const [a, empty, b] = leakFree(() => split(x, [1, 0, 3], 1), 3) as [Tensor, Tensor, Tensor];
    expect(a.dtype).toBe('int32');
    expect(a.arraySync()).toEqual([[[0, 1]], [[100, 101]]]);
    expect(empty.shape).toEqual([2, 0, 2]);
    expect(b.arraySync()).toEqual([
      [
        [10, 11],
        [20, 21],
        [30, 31],
      ],
      [
        [110, 111],
        [120, 121],
        [130, 131],
      ],
    ]);
  });

  it('cuts bool along the last axis', () => {
    const flags = tensor([
      [true, false, false],
      [false, true, true],
    ]);
    const [left, right] = leakFree(() => split(flags, [2, 1], -1), 2) as [Tensor, Tensor];
    expect(left.arraySync()).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(right.arraySync()).toEqual([[false], [true]]);
  });
});

type Pad4 = [number, number, number, number];

interface WindowCase {
  strides: [number, number];
  dilations: [number, number];
  /** Explicit [top, bottom, left, right], what the op's padding spec resolves to. */
  pad: Pad4;
}

/** The direct 7-loop convolution in float64: NHWC x, HWIO w. */
function conv2dReference(
  x: number[],
  xShape: number[],
  w: number[],
  wShape: number[],
  c: WindowCase,
): { values: number[]; shape: number[] } {
  const [n, h, wd, ci] = xShape as Pad4;
  const [fh, fw, , co] = wShape as Pad4;
  const oh =
    Math.floor((h + c.pad[0] + c.pad[1] - ((fh - 1) * c.dilations[0] + 1)) / c.strides[0]) + 1;
  const ow =
    Math.floor((wd + c.pad[2] + c.pad[3] - ((fw - 1) * c.dilations[1] + 1)) / c.strides[1]) + 1;
  const out = new Array<number>(n * oh * ow * co).fill(0);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < co; o++) {
          let acc = 0;
          for (let p = 0; p < fh; p++)
            for (let q = 0; q < fw; q++)
              for (let k = 0; k < ci; k++) {
                const r = i * c.strides[0] + p * c.dilations[0] - c.pad[0];
                const s = j * c.strides[1] + q * c.dilations[1] - c.pad[2];
                if (r < 0 || r >= h || s < 0 || s >= wd) continue;
                acc += x[((b * h + r) * wd + s) * ci + k]! * w[((p * fw + q) * ci + k) * co + o]!;
              }
          out[((b * oh + i) * ow + j) * co + o] = acc;
        }
  return { values: out, shape: [n, oh, ow, co] };
}

const convCases: {
  name: string;
  xShape: number[];
  wShape: number[];
  options: Parameters<typeof conv2d>[2];
  ref: WindowCase;
}[] = [
  // 'same' with stride 2 on 5x6: total padding 2 rows (1 each side) and 1 column (after)
  {
    name: "strides 2, 'same'",
    xShape: [2, 5, 6, 3],
    wShape: [3, 3, 3, 4],
    options: { strides: 2, padding: 'same' },
    ref: { strides: [2, 2], dilations: [1, 1], pad: [1, 1, 0, 1] },
  },
  {
    name: "dilations 2, 'valid'",
    xShape: [1, 7, 6, 2],
    wShape: [3, 2, 2, 3],
    options: { dilations: 2 },
    ref: { strides: [1, 1], dilations: [2, 2], pad: [0, 0, 0, 0] },
  },
  {
    name: "dilations [3, 1], 'same'",
    xShape: [1, 7, 5, 2],
    wShape: [2, 3, 2, 2],
    options: { dilations: [3, 1], padding: 'same' },
    ref: { strides: [1, 1], dilations: [3, 1], pad: [1, 2, 1, 1] },
  },
  {
    name: "stride 1, 'same' (even filter: the extra cell goes after)",
    xShape: [1, 4, 5, 2],
    wShape: [2, 4, 2, 2],
    options: { padding: 'same' },
    ref: { strides: [1, 1], dilations: [1, 1], pad: [0, 1, 1, 2] },
  },
  {
    name: 'asymmetric explicit padding, strides [2, 1]',
    xShape: [2, 5, 4, 2],
    wShape: [2, 3, 2, 3],
    options: {
      strides: [2, 1],
      padding: [
        [1, 0],
        [2, 1],
      ],
    },
    ref: { strides: [2, 1], dilations: [1, 1], pad: [1, 0, 2, 1] },
  },
  {
    name: 'dilations [1, 2] with asymmetric padding',
    xShape: [1, 5, 5, 2],
    wShape: [2, 2, 2, 2],
    options: {
      dilations: [1, 2],
      padding: [
        [0, 2],
        [1, 0],
      ],
    },
    ref: { strides: [1, 1], dilations: [1, 2], pad: [0, 2, 1, 0] },
  },
];

describe('conv2d and its gradients', () => {
  for (const { name, xShape, wShape, options, ref } of convCases) {
    it(`conv2d, ${name}, matches the direct loop`, () => {
      const xv = pseudoRandom(size(xShape), 1);
      const wv = pseudoRandom(size(wShape), 2);
      const expected = conv2dReference(xv, xShape, wv, wShape, ref);
      const [x, w] = [tensor(xv, xShape), tensor(wv, wShape)];
      const y = leakFree(() => conv2d(x, w, options));
      expect(y.shape).toEqual(expected.shape);
      expectClose(y.dataSync(), expected.values, 1e-5, 1e-5);
    });
  }

  // L(x, w) = sum(conv2d(x, w) * dy) is linear in each, so central differences in float64 are exact
  // up to rounding and give the true gradients.
  for (const { name, xShape, wShape, options, ref } of convCases.filter((_, i) => i !== 1)) {
    it(`conv2dBackpropInput and conv2dBackpropFilter, ${name}, match central differences`, () => {
      const xv = pseudoRandom(size(xShape), 4);
      const wv = pseudoRandom(size(wShape), 5);
      const yShape = conv2dReference(xv, xShape, wv, wShape, ref).shape;
      const dyv = pseudoRandom(size(yShape), 6);
      const loss = (xs: number[], ws: number[]): number =>
        conv2dReference(xs, xShape, ws, wShape, ref).values.reduce(
          (acc, v, i) => acc + v * dyv[i]!,
          0,
        );
      const h = 1e-3;
      const centralDifference = (values: number[], f: (perturbed: number[]) => number): number[] =>
        values.map((_, i) => {
          const plus = [...values];
          const minus = [...values];
          plus[i]! += h;
          minus[i]! -= h;
          return (f(plus) - f(minus)) / (2 * h);
        });
      const [x, w, dy] = [tensor(xv, xShape), tensor(wv, wShape), tensor(dyv, yShape)];
      const dx = leakFree(() => conv2dBackpropInput(dy, w, xShape, options));
      expect(dx.shape).toEqual(xShape);
      expectClose(
        dx.dataSync(),
        centralDifference(xv, (xs) => loss(xs, wv)),
        1e-4,
        1e-4,
      );
      const dw = leakFree(() => conv2dBackpropFilter(x, dy, wShape, options));
      expect(dw.shape).toEqual(wShape);
      expectClose(
        dw.dataSync(),
        centralDifference(wv, (ws) => loss(xv, ws)),
        1e-4,
        1e-4,
      );
    });
  }
});

/** Direct pooling loops in float64: max (ignoring padding), mean over real cells, and their gradients. */
function poolReference(
  x: number[],
  xShape: number[],
  window: [number, number],
  c: WindowCase,
  dy?: number[],
) {
  const [n, h, w, ch] = xShape as Pad4;
  const oh = Math.floor((h + c.pad[0] + c.pad[1] - window[0]) / c.strides[0]) + 1;
  const ow = Math.floor((w + c.pad[2] + c.pad[3] - window[1]) / c.strides[1]) + 1;
  const maxOut: number[] = [];
  const avgOut: number[] = [];
  const maxGrad = new Array<number>(x.length).fill(0);
  const avgGrad = new Array<number>(x.length).fill(0);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let k = 0; k < ch; k++) {
          const cells: number[] = [];
          for (let p = 0; p < window[0]; p++)
            for (let q = 0; q < window[1]; q++) {
              const r = i * c.strides[0] + p - c.pad[0];
              const s = j * c.strides[1] + q - c.pad[2];
              if (r >= 0 && r < h && s >= 0 && s < w) cells.push(((b * h + r) * w + s) * ch + k);
            }
          const values = cells.map((at) => x[at]!);
          const best = values.indexOf(Math.max(...values));
          maxOut.push(values[best]!);
          avgOut.push(values.reduce((a, v) => a + v, 0) / cells.length);
          const g = dy?.[((b * oh + i) * ow + j) * ch + k] ?? 0;
          maxGrad[cells[best]!]! += g;
          for (const at of cells) avgGrad[at]! += g / cells.length;
        }
  return { shape: [n, oh, ow, ch], maxOut, avgOut, maxGrad, avgGrad };
}

describe('pooling', () => {
  it("maxPool and avgPool with 'same' padding: padding never wins and is not counted", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const options = { poolSize: 2, padding: 'same' } as const;
    expect(leakFree(() => maxPool2d(x, options)).arraySync()).toEqual([
      [
        [[5], [6]],
        [[8], [9]],
      ],
    ]);
    expect(leakFree(() => avgPool2d(x, options)).arraySync()).toEqual([
      [
        [[3], [4.5]],
        [[7.5], [9]],
      ],
    ]);
    const negative = tensor([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]);
    expect(leakFree(() => maxPool2d(negative, options)).arraySync()).toEqual([
      [
        [[-1], [-3]],
        [[-7], [-9]],
      ],
    ]);
  });

  const poolCases: {
    name: string;
    xShape: number[];
    window: [number, number];
    options: Parameters<typeof maxPool2d>[1];
    ref: WindowCase;
  }[] = [
    {
      name: "3x3 stride 1 'same'",
      xShape: [2, 4, 5, 3],
      window: [3, 3],
      options: { poolSize: 3, strides: 1, padding: 'same' },
      ref: { strides: [1, 1], dilations: [1, 1], pad: [1, 1, 1, 1] },
    },
    {
      name: "3x2 strides [2, 3] 'same'",
      xShape: [1, 5, 7, 2],
      window: [3, 2],
      options: { poolSize: [3, 2], strides: [2, 3], padding: 'same' },
      ref: { strides: [2, 3], dilations: [1, 1], pad: [1, 1, 0, 1] },
    },
    {
      name: "2x2 'valid' (odd input)",
      xShape: [1, 5, 5, 1],
      window: [2, 2],
      options: { poolSize: 2 },
      ref: { strides: [2, 2], dilations: [1, 1], pad: [0, 0, 0, 0] },
    },
  ];
  for (const { name, xShape, window, options, ref } of poolCases) {
    it(`maxPool, avgPool and their gradients, ${name}, match direct loops`, () => {
      const xv = pseudoRandom(size(xShape), 8);
      const shape = poolReference(xv, xShape, window, ref).shape;
      const dyv = pseudoRandom(size(shape), 9);
      const expected = poolReference(xv, xShape, window, ref, dyv);
      const x = tensor(xv, xShape);
      const dy = tensor(dyv, shape);
      const maxOut: Tensor = leakFree(() => maxPool2d(x, options));
      expect(maxOut.shape).toEqual(shape);
      expectClose(maxOut.dataSync(), expected.maxOut);
      expectClose(leakFree(() => avgPool2d(x, options)).dataSync(), expected.avgOut);
      expectClose(leakFree(() => maxPoolGrad(dy, x, options)).dataSync(), expected.maxGrad);
      expectClose(leakFree(() => avgPoolGrad(dy, xShape, options)).dataSync(), expected.avgGrad);
    });
  }

  it('maxPoolGrad routes dy to the first maximum of a window with ties', () => {
    const [flat, dyFlat] = [tensor([1, 1, 1, 1], [1, 2, 2, 1]), tensor([3], [1, 1, 1, 1])];
    expect(leakFree(() => maxPoolGrad(dyFlat, flat, { poolSize: 2 })).arraySync()).toEqual([
      [
        [[3], [0]],
        [[0], [0]],
      ],
    ]);
    // overlapping windows [0,1] and [1,2] of a constant row: each picks its own first cell
    const [row, dyRow] = [tensor([5, 5, 5], [1, 1, 3, 1]), tensor([1, 2], [1, 1, 2, 1])];
    const dx = leakFree(() => maxPoolGrad(dyRow, row, { poolSize: [1, 2], strides: 1 }));
    expect([...dx.dataSync()]).toEqual([1, 2, 0]);
  });
});

describe('batchNorm', () => {
  it('normalises with given statistics, broadcasting per channel', () => {
    const xv = [1, 2, 3, 4, 5, 6];
    const [mu, variance, offset, scale, epsilon] = [
      [1, 2, 3],
      [0.5, 2, 4],
      [0, 1, -1],
      [2, 1, 0.5],
      1e-3,
    ];
    const [x, m, v, beta, gamma] = [
      tensor(xv, [2, 3]),
      tensor(mu),
      tensor(variance),
      tensor(offset),
      tensor(scale),
    ];
    const y = leakFree(() => batchNorm(x, m, v, { offset: beta, scale: gamma, epsilon }));
    const expected = xv.map(
      (v, i) =>
        ((v - mu[i % 3]!) / Math.sqrt(variance[i % 3]! + epsilon)) * scale[i % 3]! + offset[i % 3]!,
    );
    expectClose(y.dataSync(), expected);
    const plain = leakFree(() => batchNorm(x, m, v));
    expectClose(
      plain.dataSync(),
      xv.map((v, i) => (v - mu[i % 3]!) / Math.sqrt(variance[i % 3]! + 1e-3)),
    );
  });
});
