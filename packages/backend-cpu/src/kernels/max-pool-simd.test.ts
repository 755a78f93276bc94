// maxPool's wasm path against the TypeScript kernel, bit for bit, for the seed CNN's shape and
// odd ones: two threads with enough images to split, one
// thread, private memory. Inputs hold NaN, ±0 and ±Infinity, under 'valid' and 'same' padding.
import type { TensorInfo } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend } from '../cpu-backend';
import { kernelPathBackends, randomValues } from '../test-support';

const paths = kernelPathBackends();
const { backends } = paths;
beforeAll(paths.ready);
afterAll(paths.dispose);

function input(backend: CpuBackend, shape: number[]): TensorInfo {
  const values = Float32Array.from(
    randomValues(
      shape.reduce((a, b) => a * b, 1),
      41,
    ),
  );
  values[3] = Number.NaN;
  values[40] = -0;
  values[41] = 0;
  values[100] = Number.POSITIVE_INFINITY;
  values[200] = Number.NEGATIVE_INFINITY;
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

const CASES = [
  {
    name: 'seed CNN pool 1, 32 channels, 2x2',
    shape: [64, 26, 26, 32],
    size: 2,
    pad: [0, 0, 0, 0],
  },
  { name: "12 channels, 3x3 stride 2, 'same'", shape: [5, 9, 8, 12], size: 3, pad: [1, 1, 0, 1] },
  { name: '3 channels', shape: [4, 7, 7, 3], size: 2, pad: [0, 0, 0, 0] },
] as const;

describe('maxPool on wasm: the bits of the TypeScript kernel', () => {
  for (const c of CASES)
    for (const [name, backend] of Object.entries(backends)) {
      if (name === 'TypeScript') continue;
      it(`${c.name} (${name})`, () => {
        const attrs = {
          filterSize: [c.size, c.size] as [number, number],
          strides: [2, 2] as [number, number],
          pad: [...c.pad] as [number, number, number, number],
        };
        const got = backend.kernels.maxPool({ x: input(backend, [...c.shape]) }, attrs);
        const ts = backends.TypeScript;
        const want = ts.kernels.maxPool({ x: input(ts, [...c.shape]) }, attrs);
        expect(got.shape).toEqual(want.shape);
        const a = Array.from(backend.readSync(got.dataId));
        const b = Array.from(ts.readSync(want.dataId));
        const bad = a.findIndex((v, i) => !Object.is(v, b[i]));
        expect(bad, `first difference at ${bad}: ${a[bad]} vs ${b[bad]}`).toBe(-1);
      });
    }
});
