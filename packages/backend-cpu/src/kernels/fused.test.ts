// The fused kernels against the kernels they fuse, run separately on the same backend: bit for bit
// (the bias add rounds to float32 before relu in both), on the wasm path (one and two threads, the
// output large enough to split), in private memory and in TypeScript.
import type { TensorInfo } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend } from '../cpu-backend';
import { kernelPathBackends, randomValues } from '../test-support';

const paths = kernelPathBackends();
const { backends } = paths;
beforeAll(paths.ready);
afterAll(paths.dispose);

function write(backend: CpuBackend, shape: number[], seed: number): TensorInfo {
  const values = Float32Array.from(
    randomValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
  );
  if (seed === 1) values[5] = Number.NaN; // NaN must stay NaN through relu
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

function expectSameBits(backend: CpuBackend, got: TensorInfo, want: TensorInfo): void {
  expect(got.shape).toEqual(want.shape);
  const a = Array.from(backend.readSync(got.dataId));
  const b = Array.from(backend.readSync(want.dataId));
  const bad = a.findIndex((v, i) => !Object.is(v, b[i]));
  expect(bad, `first difference at ${bad}: ${a[bad]} vs ${b[bad]}`).toBe(-1);
}

describe('fused kernels: the bits of conv2d / batchMatMul, add and relu', () => {
  for (const [name, backend] of Object.entries(backends)) {
    for (const activation of ['linear', 'relu'] as const) {
      it(`fusedConv2d, ${activation}, [8,28,28,1] * [3,3,1,32], ${name}`, () => {
        const k = backend.kernels;
        const x = write(backend, [8, 28, 28, 1], 1);
        const filter = write(backend, [3, 3, 1, 32], 2);
        const bias = write(backend, [32], 3);
        const conv = {
          strides: [1, 1] as [number, number],
          pad: [0, 0, 0, 0] as [number, number, number, number],
          dilations: [1, 1] as [number, number],
        };
        const fused = k.fusedConv2d({ x, filter, bias }, { ...conv, activation });
        const z = k.add({ a: k.conv2d({ x, filter }, conv), b: bias }, {});
        expectSameBits(backend, fused, activation === 'relu' ? k.relu({ x: z }, {}) : z);
      });
      it(`fusedMatMul, ${activation}, [64,784] x [784,128], ${name}`, () => {
        const k = backend.kernels;
        const a = write(backend, [64, 784], 4);
        const b = write(backend, [784, 128], 5);
        const bias = write(backend, [128], 6);
        const fused = k.fusedMatMul(
          { a, b, bias },
          { transposeA: false, transposeB: false, activation },
        );
        const product = k.batchMatMul(
          { a: { ...a, shape: [1, 64, 784] }, b: { ...b, shape: [1, 784, 128] } },
          { transposeA: false, transposeB: false },
        );
        const z = k.add({ a: { ...product, shape: [64, 128] }, b: bias }, {});
        expectSameBits(backend, fused, activation === 'relu' ? k.relu({ x: z }, {}) : z);
      });
    }
  }
});
