// The SIMD kernels against the plain TypeScript ones on inputs large enough to take the wasm paths
// (the conformance cases are mostly too small to): elementwise, comparisons, casts, pooling and
// row sums must agree bit for bit, NaN, infinities and signed zeros included; the GEMM-based
// convolutions agree to float32 rounding. Odd sizes cross every vector tail.
import type { DType, TensorInfo } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { maxAbsDiff, randomValues } from '../test-support';

const simd = new CpuBackend({ threads: 1 });
const plain = new CpuBackend({ simd: false });
const privateMemory = new CpuBackend({ sharedMemory: false });

/** Random values in [-2, 2) with NaN, ±Infinity, ±0 and ties sprinkled in. */
function specialValues(count: number, seed: number): Float32Array {
  const values = Float32Array.from(randomValues(count, seed), (v) => 2 * v);
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1];
  for (let i = 0; i < count; i += 7) values[i] = specials[(i / 7) % specials.length]!;
  return values;
}

function write(
  backend: CpuBackend,
  values: ArrayLike<number>,
  shape: number[],
  dtype: DType = 'float32',
): TensorInfo {
  const array = dtype === 'bool' ? Uint8Array.from(values) : Float32Array.from(values);
  return { dataId: backend.write(array, shape, dtype), shape, dtype };
}

/** Runs `kernel` on all three backends with the same inputs and returns their outputs. */
function onAll(
  run: (
    backend: CpuBackend,
    input: (values: ArrayLike<number>, shape: number[], dtype?: DType) => TensorInfo,
  ) => TensorInfo,
): [number[], number[], number[]] {
  const read = (backend: CpuBackend) =>
    Array.from(backend.readSync(run(backend, (v, s, d) => write(backend, v, s, d)).dataId));
  return [read(simd), read(plain), read(privateMemory)];
}

/** Element-by-element Object.is equality (NaN equals NaN, 0 differs from -0). */
function expectSameBits(got: number[], expected: number[]): void {
  expect(got.length).toBe(expected.length);
  const bad = got.findIndex((v, i) => !Object.is(v, expected[i]));
  expect(bad, `first difference at ${bad}: ${got[bad]} vs ${expected[bad]}`).toBe(-1);
}

describe('SIMD kernels match the TypeScript kernels', () => {
  const n = 1003;
  const a = specialValues(n, 1);
  const b = specialValues(n, 2);
  const row = specialValues(17, 3);

  for (const op of ['add', 'sub', 'mul', 'div'] as const) {
    it(`${op}: same shape, scalar on either side, and a row vector on either side`, () => {
      const cases: [ArrayLike<number>, number[], ArrayLike<number>, number[]][] = [
        [a, [n], b, [n]],
        [a, [n], [0.75], []],
        [[-1.5], [1, 1], a, [17, 59]],
        [a.subarray(0, 17 * 59), [59, 17], row, [17]],
        [row, [1, 17], a.subarray(0, 17 * 59), [59, 17]],
      ];
      for (const [av, as, bv, bs] of cases) {
        const [fast, slow, staged] = onAll((be, input) =>
          be.kernels[op]({ a: input(av, as), b: input(bv, bs) }, {}),
        );
        expectSameBits(fast, slow);
        expectSameBits(staged, slow);
      }
    });
  }

  for (const op of ['greater', 'greaterEqual', 'less', 'lessEqual', 'equal'] as const) {
    it(`${op}: same shape and a scalar on either side, bool out`, () => {
      const cases: [ArrayLike<number>, number[], ArrayLike<number>, number[]][] = [
        [a, [n], b, [n]],
        [a, [n], [0], []],
        [[0.5], [], a, [n]],
      ];
      for (const [av, as, bv, bs] of cases) {
        const [fast, slow, staged] = onAll((be, input) =>
          be.kernels[op]({ a: input(av, as), b: input(bv, bs) }, {}),
        );
        expectSameBits(fast, slow);
        expectSameBits(staged, slow);
      }
    });
  }

  for (const op of ['relu', 'neg', 'sqrt', 'square'] as const) {
    it(op, () => {
      const [fast, slow, staged] = onAll((be, input) => be.kernels[op]({ x: input(a, [n]) }, {}));
      expectSameBits(fast, slow);
      expectSameBits(staged, slow);
    });
  }

  it('exp, sigmoid and tanh: private and shared memory agree bit for bit, and within 3 ulp of TypeScript', () => {
    const ulps = (x: number, y: number) => {
      const bits = new Int32Array(Float32Array.from([x, y]).buffer);
      const order = (b: number) => (b < 0 ? -(b & 0x7fffffff) : b);
      return Math.abs(order(bits[0]!) - order(bits[1]!));
    };
    for (const op of ['exp', 'sigmoid', 'tanh'] as const) {
      const [fast, slow, staged] = onAll((be, input) => be.kernels[op]({ x: input(a, [n]) }, {}));
      expectSameBits(staged, fast);
      const bad = fast.findIndex((v, i) =>
        Number.isNaN(slow[i]!) ? !Number.isNaN(v) : ulps(v, slow[i]!) > 3,
      );
      expect(bad, `${op}(${a[bad]}): ${fast[bad]} vs ${slow[bad]}`).toBe(-1);
    }
  });

  it('reluGrad, sigmoidGrad and tanhGrad: one pass, the bits of the TypeScript loops', () => {
    const [fast, slow, staged] = onAll((be, input) =>
      be.kernels.reluGrad({ dy: input(a, [n]), x: input(b, [n]) }, {}),
    );
    expectSameBits(fast, slow);
    expectSameBits(staged, slow);
    for (const op of ['sigmoidGrad', 'tanhGrad'] as const) {
      const [gFast, gSlow, gStaged] = onAll((be, input) =>
        be.kernels[op]({ dy: input(a, [n]), y: input(b, [n]) }, {}),
      );
      expectSameBits(gFast, gSlow);
      expectSameBits(gStaged, gSlow);
    }
  });

  it('cast bool to float32', () => {
    const bools = Array.from(a, (v) => (v > 0 ? 1 : 0));
    const [fast, slow, staged] = onAll((be, input) =>
      be.kernels.cast({ x: input(bools, [n], 'bool') }, { dtype: 'float32' }),
    );
    expectSameBits(fast, slow);
    expectSameBits(staged, slow);
  });

  it('sum and mean over leading axes (float64 accumulation, odd width)', () => {
    for (const kernel of ['sum', 'mean'] as const) {
      const [fast, slow, staged] = onAll((be, input) =>
        be.kernels[kernel]({ x: input(b.subarray(0, 59 * 17), [59, 17]) }, { axes: [0] }),
      );
      expectSameBits(fast, slow);
      expectSameBits(staged, slow);
    }
  });

  // Channels 8 (the four-lane gradient), 3 (the scalar one); overlapping and padded windows.
  const pools: {
    shape: number[];
    filterSize: [number, number];
    strides: [number, number];
    pad: [number, number, number, number];
  }[] = [
    { shape: [2, 9, 7, 8], filterSize: [2, 2], strides: [2, 2], pad: [0, 0, 0, 0] },
    { shape: [2, 9, 7, 8], filterSize: [3, 3], strides: [1, 2], pad: [1, 1, 0, 1] },
    { shape: [1, 6, 5, 3], filterSize: [2, 3], strides: [1, 1], pad: [0, 1, 1, 1] },
  ];
  for (const { shape, filterSize, strides, pad } of pools) {
    it(`maxPool and maxPoolGrad ${JSON.stringify(shape)} window ${filterSize} strides ${strides} pad ${pad}`, () => {
      const size = shape.reduce((p, d) => p * d, 1);
      // Many ties (values rounded to halves) so "first maximum" is exercised.
      const x = Array.from(specialValues(size, 4), (v) =>
        Number.isFinite(v) ? Math.round(v * 2) / 2 : v,
      );
      const attrs = { filterSize, strides, pad };
      const [fast, slow, staged] = onAll((be, input) =>
        be.kernels.maxPool({ x: input(x, shape) }, attrs),
      );
      expectSameBits(fast, slow);
      expectSameBits(staged, slow);
      const outShape = [...simd.kernels.maxPool({ x: write(simd, x, shape) }, attrs).shape];
      const dy = randomValues(
        outShape.reduce((p, d) => p * d, 1),
        5,
      );
      const [gFast, gSlow, gStaged] = onAll((be, input) =>
        be.kernels.maxPoolGrad({ dy: input(dy, outShape), x: input(x, shape) }, attrs),
      );
      expectSameBits(gFast, gSlow);
      expectSameBits(gStaged, gSlow);
    });
  }

  it('conv2d and both gradients on a chunk of real size, with padding and stride', () => {
    const xShape = [3, 11, 10, 5];
    const filterShape = [3, 3, 5, 12];
    const x = randomValues(3 * 11 * 10 * 5, 6);
    const w = randomValues(3 * 3 * 5 * 12, 7);
    const attrs = {
      strides: [2, 1] as [number, number],
      pad: [1, 1, 0, 2] as [number, number, number, number],
      dilations: [1, 1] as [number, number],
    };
    const [y, ySlow, yStaged] = onAll((be, input) =>
      be.kernels.conv2d({ x: input(x, xShape), filter: input(w, filterShape) }, attrs),
    );
    expect(maxAbsDiff(y, ySlow)).toBeLessThan(1e-5);
    expect(maxAbsDiff(yStaged, ySlow)).toBeLessThan(1e-5);
    const yShape = [
      ...simd.kernels.conv2d(
        { x: write(simd, x, xShape), filter: write(simd, w, filterShape) },
        attrs,
      ).shape,
    ];
    const dy = randomValues(
      yShape.reduce((p, d) => p * d, 1),
      8,
    );
    const [dw, dwSlow] = onAll((be, input) =>
      be.kernels.conv2dBackpropFilter(
        { x: input(x, xShape), dy: input(dy, yShape) },
        { ...attrs, filterShape },
      ),
    );
    expect(maxAbsDiff(dw, dwSlow)).toBeLessThan(1e-4);
    const [dx, dxSlow] = onAll((be, input) =>
      be.kernels.conv2dBackpropInput(
        { dy: input(dy, yShape), filter: input(w, filterShape) },
        { ...attrs, inputShape: xShape },
      ),
    );
    expect(maxAbsDiff(dx, dxSlow)).toBeLessThan(1e-5);
  });
});
