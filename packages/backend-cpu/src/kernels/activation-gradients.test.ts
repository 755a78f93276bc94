// The one-pass gradient kernels against the primitive kernels core's compositions chain (the rules
// autograd used before): the same bits, NaN, infinities and signed zeros included, on the
// TypeScript loops (small inputs, or no SIMD) and on the wasm ones.
import { describe, expect, it } from 'vitest';
import { kernelTestBed, randomValues } from '../test-support';

const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1];
/** `count` values in [-3, 3) with the specials every fifth element. */
function values(count: number, seed: number): number[] {
  return randomValues(count, seed).map((v, i) =>
    i % 5 === 0 ? specials[(i / 5 + seed) % specials.length]! : 3 * v,
  );
}

const sameBits = (got: number[], expected: number[]) => {
  const bad = got.findIndex((v, i) => !Object.is(v, expected[i]));
  expect(bad, `element ${bad}: ${got[bad]} vs ${expected[bad]}`).toBe(-1);
};

for (const [label, options, count] of [
  ['TypeScript loops', { simd: false }, 1003],
  ['TypeScript loops under the SIMD threshold', { threads: 1 }, 37],
  ['wasm SIMD', { threads: 1 }, 1003],
] as const) {
  describe(`reluGrad, sigmoidGrad and tanhGrad (${label}) equal the compositions`, () => {
    const { kernels, input, read } = kernelTestBed(options);
    const dy = input(values(count, 1));
    const other = input(values(count, 2));
    it('reluGrad = dy * float(x > 0)', () => {
      const mask = kernels.cast(
        { x: kernels.greater({ a: other, b: input([0], []) }, {}) },
        {
          dtype: 'float32',
        },
      );
      sameBits(
        read(kernels.reluGrad({ dy, x: other }, {})),
        read(kernels.mul({ a: dy, b: mask }, {})),
      );
    });
    it('sigmoidGrad = dy * (y * (1 - y))', () => {
      const oneMinus = kernels.sub({ a: input([1], []), b: other }, {});
      const local = kernels.mul({ a: other, b: oneMinus }, {});
      sameBits(
        read(kernels.sigmoidGrad({ dy, y: other }, {})),
        read(kernels.mul({ a: dy, b: local }, {})),
      );
    });
    it('tanhGrad = dy * (1 - y²)', () => {
      const local = kernels.sub({ a: input([1], []), b: kernels.square({ x: other }, {}) }, {});
      sameBits(
        read(kernels.tanhGrad({ dy, y: other }, {})),
        read(kernels.mul({ a: dy, b: local }, {})),
      );
    });
  });
}

it('reluGrad by hand: dy where x > 0, dy * 0 elsewhere (-0, NaN for infinite dy)', () => {
  const { kernels, input, read } = kernelTestBed({ simd: false });
  const out = read(
    kernels.reluGrad(
      { dy: input([2, -3, Number.POSITIVE_INFINITY, 4, 5]), x: input([1, 0, -1, Number.NaN, -0]) },
      {},
    ),
  );
  sameBits(out, [2, -0, Number.NaN, 0, 0]);
});
