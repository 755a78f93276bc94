// The fused Adam kernel against the composition it replaces (the separate elementwise kernels of
// the same backend, in the kernel table's order): bit for bit, on the wasm loop (one thread and
// split across threads), in private memory, and in TypeScript, with NaN and infinities included.
import type { TensorInfo } from '@glia/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CpuBackend } from '../cpu-backend';
import { kernelPathBackends, randomValues } from '../test-support';

const HYPER = { alpha: 0.0123, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

const paths = kernelPathBackends();
const { backends } = paths;
beforeAll(paths.ready);
afterAll(paths.dispose);

function inputs(n: number): Float32Array[] {
  const [p, g, m, v] = [1, 2, 3, 4].map((seed) => Float32Array.from(randomValues(n, seed)));
  const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
  for (let i = 0; i < n; i += 97) g![i] = specials[(i / 97) % specials.length]!;
  for (let i = 0; i < n; i++) v![i] = Math.abs(v![i]!); // second moments are never negative
  return [p!, g!, m!, v!];
}

/** The composition, one kernel per operation, with float32 scalar operands. */
function composed(backend: CpuBackend, [p, g, m, v]: TensorInfo[]): TensorInfo[] {
  const k = backend.kernels;
  const s = (value: number): TensorInfo => ({
    dataId: backend.write(Float32Array.of(value), [], 'float32'),
    shape: [],
    dtype: 'float32',
  });
  const m2 = k.add(
    { a: m!, b: k.mul({ a: k.sub({ a: g!, b: m! }, {}), b: s(1 - HYPER.beta1) }, {}) },
    {},
  );
  const gg = k.square({ x: g! }, {});
  const v2 = k.add(
    { a: v!, b: k.mul({ a: k.sub({ a: gg, b: v! }, {}), b: s(1 - HYPER.beta2) }, {}) },
    {},
  );
  const denominator = k.add({ a: k.sqrt({ x: v2 }, {}), b: s(HYPER.epsilon) }, {});
  const step = k.div({ a: k.mul({ a: m2, b: s(HYPER.alpha) }, {}), b: denominator }, {});
  return [k.sub({ a: p!, b: step }, {}), m2, v2];
}

describe('adamUpdate: one fused pass, the bits of the composition', () => {
  for (const n of [37, 1003, 70001]) {
    for (const [name, backend] of Object.entries(backends)) {
      it(`${n} elements, ${name}`, () => {
        const infos = inputs(n).map((values) => ({
          dataId: backend.write(values, [n], 'float32'),
          shape: [n],
          dtype: 'float32' as const,
        }));
        const fused = backend.kernels.adamUpdate(
          { param: infos[0]!, grad: infos[1]!, m: infos[2]!, v: infos[3]! },
          HYPER,
        );
        const expected = composed(backend, infos);
        fused.forEach((out, i) => {
          const got = Array.from(backend.readSync(out.dataId));
          const want = Array.from(backend.readSync(expected[i]!.dataId));
          const bad = got.findIndex((x, j) => !Object.is(x, want[j]));
          expect(bad, `output ${i}, first difference at ${bad}: ${got[bad]} vs ${want[bad]}`).toBe(
            -1,
          );
        });
        // NaN in the gradient spreads to all three outputs; the other elements stay finite.
        expect(Number.isNaN(backend.readSync(fused[0]!.dataId)[0]!)).toBe(true);
        expect(Number.isFinite(backend.readSync(fused[0]!.dataId)[1]!)).toBe(true);
      });
    }
  }

  it('the 70001-element step is split across the worker threads', () => {
    const backend = backends['wasm, two threads'];
    const runtime = (backend as unknown as { wasm: { workerJobs: number } }).wasm;
    const before = runtime.workerJobs;
    const infos = inputs(70001).map((values) => ({
      dataId: backend.write(values, [70001], 'float32'),
      shape: [70001],
      dtype: 'float32' as const,
    }));
    backend.kernels.adamUpdate(
      { param: infos[0]!, grad: infos[1]!, m: infos[2]!, v: infos[3]! },
      HYPER,
    );
    expect(runtime.workerJobs).toBeGreaterThan(before);
  });
});
