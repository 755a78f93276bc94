import { describe, expect, it } from 'vitest';
import { GEMM_PATHS, kernelTestBed, maxAbsDiff, randomValues } from '../test-support';

/** C = op(A)·op(B) by the textbook triple loop, in float64. */
function naiveMatMul(
  a: number[],
  b: number[],
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transposeA ? a[p * m + i]! : a[i * k + p]!;
        const bv = transposeB ? b[j * k + p]! : b[p * n + j]!;
        s += av * bv;
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

describe('batchMatMul', () => {
  // Odd sizes, so every edge of the 4x8 register tile and of the cache blocks is crossed.
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [67, 131, 45],
    [256, 300, 129],
  ];
  for (const path of GEMM_PATHS) {
    for (const [m, k, n] of sizes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          it(`matches the naive float64 triple loop on ${m}x${k}x${n} (transposeA=${transposeA}, transposeB=${transposeB}), batch 2, ${path.name}`, () => {
            const { kernels, input, read } = kernelTestBed(path.options);
            const aValues = Float32Array.from(randomValues(2 * m * k, 3));
            const bValues = Float32Array.from(randomValues(2 * k * n, 7));
            const a = input(aValues, transposeA ? [2, k, m] : [2, m, k]);
            const b = input(bValues, transposeB ? [2, n, k] : [2, k, n]);
            const c = kernels.batchMatMul({ a, b }, { transposeA, transposeB });
            expect(c.shape).toEqual([2, m, n]);
            const got = read(c);
            for (let p = 0; p < 2; p++) {
              const expected = naiveMatMul(
                Array.from(aValues.subarray(p * m * k, (p + 1) * m * k)),
                Array.from(bValues.subarray(p * k * n, (p + 1) * k * n)),
                m,
                k,
                n,
                transposeA,
                transposeB,
              );
              // float32 accumulation over k terms of size <= 1.
              expect(maxAbsDiff(got.slice(p * m * n, (p + 1) * m * n), expected)).toBeLessThan(
                1e-6 * k,
              );
            }
          });
        }
      }
    }
  }

  it('runs on the SIMD GEMM where the runtime has WebAssembly SIMD, and says so', () => {
    const { backend } = kernelTestBed();
    expect(backend.simd).toBe(true); // Node 20 has it
    expect(backend.describe()).toMatch(/^cpu \(wasm simd, \d+ threads?\)$/);
    expect(kernelTestBed({ simd: false }).backend.describe()).toBe('cpu (plain TypeScript)');
  });

  it('broadcasts a batch of one on either side, on both paths', () => {
    for (const path of GEMM_PATHS) {
      const { kernels, input, read } = kernelTestBed(path.options);
      const a = input([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
      const b = input([0, 1, 1, 0], [1, 2, 2]);
      const attrs = { transposeA: false, transposeB: false };
      expect(read(kernels.batchMatMul({ a, b }, attrs)), path.name).toEqual([
        2, 1, 4, 3, 6, 5, 8, 7,
      ]);
      expect(read(kernels.batchMatMul({ a: b, b: a }, attrs)), path.name).toEqual([
        3, 4, 1, 2, 7, 8, 5, 6,
      ]);
    }
  });

  it('multiplies int32 matrices with int32 wraparound', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 2, 3, 4], [1, 2, 2], 'int32');
    const b = input([5, 6, 7, 8], [1, 2, 2], 'int32');
    const c = kernels.batchMatMul({ a, b }, { transposeA: false, transposeB: true });
    expect(c.dtype).toBe('int32');
    expect(read(c)).toEqual([17, 23, 39, 53]);
    const big = input([65536], [1, 1, 1], 'int32');
    expect(
      read(kernels.batchMatMul({ a: big, b: big }, { transposeA: false, transposeB: false })),
    ).toEqual([0]);
  });

  it('broadcasts a batch of one and rejects mismatched inner dimensions', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([1, 0, 0, 1], [1, 2, 2]);
    const b = input([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(read(kernels.batchMatMul({ a, b }, { transposeA: false, transposeB: false }))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    const c = input([1, 2, 3], [1, 1, 3]);
    expect(() =>
      kernels.batchMatMul({ a, b: c }, { transposeA: false, transposeB: false }),
    ).toThrow(/batchMatMul: inner dimensions differ/);
  });

  it('handles empty inner and outer dimensions', () => {
    const { kernels, input, read } = kernelTestBed();
    const a = input([], [1, 2, 0]);
    const b = input([], [1, 0, 3]);
    expect(read(kernels.batchMatMul({ a, b }, { transposeA: false, transposeB: false }))).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
  });
});
