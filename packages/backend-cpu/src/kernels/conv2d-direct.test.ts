// conv2d's wasm paths against the product they compute: the patch matrix built here in TypeScript
// (exact copies) times the filter on the backend's own batchMatMul (the SIMD GEMM in one call), on
// the wasm paths (two threads with the output large enough to split, one thread, private memory);
// and against a float64 reference on every path, TypeScript included. The direct convolution (few
// patch columns, no padding) gives the bits of that product; im2col + gemm in 1 MiB chunks gives
// them up to the sign of zero (a chunk's last rows pass through the GEMM's edge tile, which adds
// to +0).
import { type TensorInfo, window2dGeometry } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend } from '../cpu-backend';
import { kernelPathBackends, randomValuesOf } from '../test-support';
import { usesDirectConv2d } from './conv2d';

const paths = kernelPathBackends();
const { backends } = paths;
beforeAll(paths.ready);
afterAll(paths.dispose);

interface DirectCase {
  name: string;
  /** Whether conv2d runs it as the direct convolution (else im2col + gemm). */
  direct: boolean;
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
}

const directCase = (
  name: string,
  direct: boolean,
  xShape: DirectCase['xShape'],
  filterShape: DirectCase['filterShape'],
  strides: DirectCase['strides'],
): DirectCase => ({ name, direct, xShape, filterShape, strides });

const CASES: DirectCase[] = [
  // The seed CNN's first layer, 64 images: 43,264 output rows, split across two threads.
  directCase('seed CNN conv 1', true, [64, 28, 28, 1], [3, 3, 1, 32], [1, 1]),
  directCase('3 channels, stride 2, 3x3 window', true, [3, 11, 9, 3], [3, 3, 3, 16], [2, 2]),
  directCase('32 columns exactly, 48 filters', true, [2, 6, 7, 2], [4, 4, 2, 48], [1, 2]),
  // 9 outputs per image, 27 in all: pairs of rows that straddle images, and an odd last row.
  directCase('odd output counts', true, [3, 5, 5, 1], [3, 3, 1, 16], [1, 1]),
  // 288 columns: 910 rows per 1 MiB chunk, so 968 rows make two chunks, the second 58 rows long.
  directCase(
    'seed CNN conv 2, im2col in two chunks',
    false,
    [8, 13, 13, 32],
    [3, 3, 32, 64],
    [1, 1],
  ),
];

const VALID = [0, 0, 0, 0] as [number, number, number, number];

function write(backend: CpuBackend, values: ArrayLike<number>, shape: number[]): TensorInfo {
  return {
    dataId: backend.write(Float32Array.from(values), shape, 'float32'),
    shape,
    dtype: 'float32',
  };
}

/** The patch matrix of x, row (b, oy, ox), columns [fy, fx, c]: plain copies, no arithmetic. */
function patchMatrix(x: Float32Array, c: DirectCase, oh: number, ow: number): Float32Array {
  const [n, h, w, ci] = c.xShape;
  const [fh, fw] = c.filterShape;
  const columns = fh * fw * ci;
  const out = new Float32Array(n * oh * ow * columns);
  let i = 0;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let fy = 0; fy < fh; fy++)
          for (let fx = 0; fx < fw; fx++)
            for (let k = 0; k < ci; k++)
              out[i++] =
                x[((b * h + oy * c.strides[0] + fy) * w + ox * c.strides[1] + fx) * ci + k]!;
  return out;
}

function reference(
  x: Float32Array,
  filter: Float32Array,
  c: DirectCase,
  oh: number,
  ow: number,
): number[] {
  const patches = patchMatrix(x, c, oh, ow);
  const co = c.filterShape[3];
  const columns = patches.length / (c.xShape[0] * oh * ow);
  const out: number[] = [];
  for (let r = 0; r < patches.length / columns; r++)
    for (let j = 0; j < co; j++) {
      let s = 0;
      for (let p = 0; p < columns; p++) s += patches[r * columns + p]! * filter[p * co + j]!;
      out.push(s);
    }
  return out;
}

describe('conv2d on wasm: the bits of one GEMM over the patch matrix', () => {
  for (const c of CASES) {
    const g = window2dGeometry(
      'conv2d',
      c.xShape,
      [c.filterShape[0], c.filterShape[1]],
      c.strides,
      [1, 1],
      VALID,
    );
    it(`takes the ${c.direct ? 'direct' : 'im2col'} path (${c.name})`, () => {
      expect(usesDirectConv2d(g, c.filterShape[3])).toBe(c.direct);
    });
    const x = Float32Array.from(randomValuesOf(c.xShape, 31));
    const filter = Float32Array.from(randomValuesOf(c.filterShape, 37));
    x[7] = Number.NaN; // a NaN input poisons exactly the outputs whose windows hold it
    filter[3] = -0;
    for (const [name, backend] of Object.entries(backends)) {
      it(`${c.name}: ${name === 'TypeScript' ? 'within float32 rounding of' : 'the bits of one GEMM, and near'} the float64 reference (${name})`, () => {
        const k = backend.kernels;
        const y = k.conv2d(
          { x: write(backend, x, c.xShape), filter: write(backend, filter, c.filterShape) },
          { strides: c.strides, dilations: [1, 1], pad: VALID },
        );
        const co = c.filterShape[3];
        expect(y.shape).toEqual([c.xShape[0], g.outHeight, g.outWidth, co]);
        const got = Array.from(backend.readSync(y.dataId));
        const want = reference(x, filter, c, g.outHeight, g.outWidth);
        // NaN exactly where the reference has it, elsewhere within 1e-5.
        let worst = 0;
        let nanMismatch = -1;
        for (let i = 0; i < got.length; i++) {
          if (Number.isNaN(want[i]!) !== Number.isNaN(got[i]!)) nanMismatch = i;
          else if (!Number.isNaN(want[i]!)) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
        }
        expect(nanMismatch).toBe(-1);
        // float32 sums of `columns` terms: 1e-5 for up to 32, proportionally more beyond.
        expect(worst).toBeLessThan(1e-5 * Math.max(1, filter.length / co / 32));
        if (name === 'TypeScript') return;
        const patches = patchMatrix(x, c, g.outHeight, g.outWidth);
        const rows = patches.length / (filter.length / co);
        const product = k.batchMatMul(
          {
            a: write(backend, patches, [1, rows, filter.length / co]),
            b: write(backend, filter, [1, filter.length / co, co]),
          },
          { transposeA: false, transposeB: false },
        );
        const gemm = Array.from(backend.readSync(product.dataId));
        const same = (v: number, w: number): boolean =>
          c.direct ? Object.is(v, w) : v === w || (Number.isNaN(v) && Number.isNaN(w));
        const bad = got.findIndex((v, i) => !same(v, gemm[i]!));
        expect(bad, `first difference at ${bad}: ${got[bad]} vs ${gemm[bad]}`).toBe(-1);
      });
    }
  }

  it('leaves padded, dilated, pointwise and odd-channel convolutions to im2col + gemm', () => {
    const geometry = (pad: [number, number, number, number], dilation: number, f: number) =>
      window2dGeometry('conv2d', [1, 9, 9, 1], [f, f], [1, 1], [dilation, dilation], pad);
    expect(usesDirectConv2d(geometry([1, 1, 1, 1], 1, 3), 16)).toBe(false);
    expect(usesDirectConv2d(geometry(VALID, 2, 3), 16)).toBe(false);
    expect(usesDirectConv2d(geometry(VALID, 1, 1), 16)).toBe(false);
    expect(usesDirectConv2d(geometry(VALID, 1, 3), 24)).toBe(false);
    expect(usesDirectConv2d(geometry(VALID, 1, 6), 16)).toBe(false); // 36 columns
  });
});
