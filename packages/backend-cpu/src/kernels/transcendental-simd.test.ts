// The SIMD exp, sigmoid and tanh (range reduction and polynomials in kernels.wat) against the
// float64 Math functions rounded to float32, the TypeScript kernels' results: a dense sweep of
// [-100, 100], the neighbourhoods of 0 and of the polynomial switch, the over- and underflow
// edges, and the special values. Errors are counted in ulp (distance between float32 bit patterns,
// so subnormal results are measured in subnormal ulp). Measured when written: exp 1 ulp, sigmoid
// 2 ulp, tanh 1 ulp; the bounds below leave one ulp of margin.
import type { TensorInfo } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';

const simd = new CpuBackend({ threads: 1 });
const plain = new CpuBackend({ simd: false });

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

const functions = { exp: Math.exp, sigmoid, tanh: Math.tanh } as const;
const BOUND_ULP = { exp: 2, sigmoid: 3, tanh: 2 } as const;

/** The float32 bit pattern as an integer that orders like the value (-0 and +0 both 0). */
const scratch = new Float32Array(1);
const scratchBits = new Int32Array(scratch.buffer);
function ordinal(v: number): number {
  scratch[0] = v;
  const bits = scratchBits[0]!;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

function run(backend: CpuBackend, name: keyof typeof functions, xs: Float32Array): Float32Array {
  const x: TensorInfo = {
    dataId: backend.write(Float32Array.from(xs), [xs.length], 'float32'),
    shape: [xs.length],
    dtype: 'float32',
  };
  const out = backend.kernels[name]({ x }, {});
  const values = Float32Array.from(backend.readSync(out.dataId));
  backend.disposeData(out.dataId);
  backend.disposeData(x.dataId);
  return values;
}

/** Evenly spaced float32 values over [lo, hi]. */
function sweep(lo: number, hi: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
}

/** The largest ulp distance from the rounded reference, and where; NaN must meet NaN. */
function worstUlp(name: keyof typeof functions, xs: Float32Array, got: Float32Array) {
  let worst = 0;
  let at = 0;
  for (let i = 0; i < xs.length; i++) {
    const expected = Math.fround(functions[name](xs[i]!));
    if (Number.isNaN(expected) || Number.isNaN(got[i]!)) {
      expect(Number.isNaN(got[i]!), `${name}(${xs[i]}) = ${got[i]}`).toBe(Number.isNaN(expected));
      continue;
    }
    const ulp = Math.abs(ordinal(got[i]!) - ordinal(expected));
    if (ulp > worst) [worst, at] = [ulp, xs[i]!];
  }
  return { worst, at };
}

const ranges: [string, Float32Array][] = [
  ['a dense sweep of [-100, 100]', sweep(-100, 100, 400_001)],
  ['[-1, 1], across the polynomial switch of tanh at 0.625', sweep(-1, 1, 100_001)],
  ['tiny values, [-1e-3, 1e-3]', sweep(-1e-3, 1e-3, 20_001)],
  ['the overflow edge of exp, [80, 90]', sweep(80, 90, 20_001)],
  ['the subnormal results of exp and sigmoid, [-110, -85]', sweep(-110, -85, 50_001)],
  [
    'subnormal, tiny and huge inputs',
    Float32Array.from(
      [1e-45, 1e-40, 1e-38, 1e-30, 1e-10, 1e-7, 3e38, 1e20, 1e9].flatMap((v) => [v, -v]),
    ),
  ],
];

describe('SIMD exp, sigmoid and tanh are within a few ulp of the float64 functions', () => {
  it('run in wasm here', () => expect(simd.describe()).toMatch(/wasm simd/));

  for (const name of ['exp', 'sigmoid', 'tanh'] as const) {
    for (const [label, xs] of ranges) {
      it(`${name} on ${label}: at most ${BOUND_ULP[name]} ulp`, () => {
        const { worst, at } = worstUlp(name, xs, run(simd, name, xs));
        expect(worst, `${worst} ulp at x = ${at}`).toBeLessThanOrEqual(BOUND_ULP[name]);
      });
    }
  }

  it('give exactly the JavaScript results on NaN, ±Infinity, ±0 and the saturation points', () => {
    const specials = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      -0,
      88.72284,
      89,
      -103.98,
      -104,
      -200,
      200,
    ];
    // Padded past the 64 elements below which kernels stay in JavaScript, so wasm runs.
    const xs = Float32Array.from({ length: 68 }, (_, i) => specials[i % specials.length]!);
    for (const name of ['exp', 'sigmoid', 'tanh'] as const) {
      const fast = Array.from(run(simd, name, xs));
      const slow = Array.from(run(plain, name, xs));
      const bad = fast.findIndex((v, i) => !Object.is(v, slow[i]));
      expect(bad, `${name}(${xs[bad]}) = ${fast[bad]}, JavaScript gives ${slow[bad]}`).toBe(-1);
    }
    expect(run(simd, 'exp', xs).slice(0, 5)).toEqual(
      Float32Array.from([Number.NaN, Infinity, 0, 1, 1]),
    );
  });
});
