// The wasm runtime under the CPU backend: products split across worker threads give the products
// of one thread, the arena reuses blocks so a repeated step allocates nothing new, and a backend
// whose arena is full falls back to the JavaScript kernels with the same results.
import { type TensorInfo, ValueError } from '@glia/core';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';
import { maxAbsDiff, randomValues } from '../test-support';
import { Arena, ArenaFullError } from './arena';

/** C = A·B in float64, A m×k and B k×n row-major. */
function reference(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      for (let j = 0; j < n; j++) out[i * n + j] += aip * b[p * n + j]!;
    }
  return out;
}

describe('worker threads', () => {
  const backend = new CpuBackend({ threads: 3 });
  afterAll(() => backend.dispose());

  it('reports the configured count and starts that many threads', async () => {
    expect(backend.threadCount).toBe(3);
    expect(await backend.threadsReady()).toBe(3);
    expect(backend.describe()).toBe('cpu (wasm simd, 3 threads)');
  });

  // Shapes above the parallel threshold: split by rows (tall C) and by columns (short, wide C).
  const shapes: [number, number, number][] = [
    [203, 97, 61],
    [9, 1031, 150],
  ];
  for (const [m, k, n] of shapes) {
    it(`splits a ${m}x${k}x${n} product across threads with the one-thread result`, async () => {
      await backend.threadsReady();
      const a = randomValues(m * k, 3);
      const b = randomValues(k * n, 4);
      const info = (values: number[], shape: number[]) => ({
        dataId: backend.write(Float32Array.from(values), shape, 'float32'),
        shape,
        dtype: 'float32' as const,
      });
      const out = backend.kernels.batchMatMul(
        { a: info(a, [1, m, k]), b: info(b, [1, k, n]) },
        { transposeA: false, transposeB: false },
      );
      const got = Array.from(backend.readSync(out.dataId));
      expect(maxAbsDiff(got, reference(a, b, m, k, n))).toBeLessThan(1e-6 * k);
      const single = new CpuBackend({ threads: 1 });
      const one = single.kernels.batchMatMul(
        {
          a: {
            dataId: single.write(Float32Array.from(a), [1, m, k], 'float32'),
            shape: [1, m, k],
            dtype: 'float32',
          },
          b: {
            dataId: single.write(Float32Array.from(b), [1, k, n], 'float32'),
            shape: [1, k, n],
            dtype: 'float32',
          },
        },
        { transposeA: false, transposeB: false },
      );
      // Each element is computed by exactly one thread in the same order: identical bits.
      expect(got).toEqual(Array.from(single.readSync(one.dataId)));
      single.dispose();
    });
  }

  it('splits elementwise, pooling and im2col/col2im work across threads with the one-thread bits', async () => {
    await backend.threadsReady();
    const single = new CpuBackend({ threads: 1 });
    const n = 200_003;
    const values = Float32Array.from(randomValues(n, 9), (v) => 3 * v);
    for (let i = 0; i < n; i += 11) values[i] = i % 2 ? Number.NaN : -0;
    const both = (
      run: (
        be: CpuBackend,
        input: (v: ArrayLike<number>, shape: number[], dtype?: 'float32' | 'bool') => TensorInfo,
      ) => TensorInfo,
    ): [number[], number[]] =>
      [backend, single].map((be) =>
        Array.from(
          be.readSync(
            run(be, (v, shape, dtype = 'float32') => ({
              dataId: be.write(
                dtype === 'bool' ? Uint8Array.from(v) : Float32Array.from(v),
                shape,
                dtype,
              ),
              shape,
              dtype,
            })).dataId,
          ),
        ),
      ) as [number[], number[]];
    const runtime = (backend as unknown as { wasm: { workerJobs: number } }).wasm;
    const same = ([a, b]: [number[], number[]]) => {
      expect(runtime.workerJobs).toBeGreaterThan(handed);
      handed = runtime.workerJobs;
      expectSame(a, b);
    };
    let handed = runtime.workerJobs;
    const expectSame = (a: number[], b: number[]) =>
      expect(a.every((v, i) => Object.is(v, b[i]))).toBe(true);
    const row = values.subarray(0, 7);
    same(
      both((be, t) =>
        be.kernels.mul({ a: t(values, [n]), b: t(values.slice().reverse(), [n]) }, {}),
      ),
    );
    same(both((be, t) => be.kernels.sub({ a: t(values, [n]), b: t([0.5], []) }, {})));
    same(both((be, t) => be.kernels.div({ a: t([2], []), b: t(values, [n]) }, {})));
    same(
      both((be, t) =>
        be.kernels.add({ a: t(values.subarray(0, 7 * 28_571), [28_571, 7]), b: t(row, [7]) }, {}),
      ),
    );
    same(both((be, t) => be.kernels.greater({ a: t(values, [n]), b: t([0], []) }, {})));
    same(both((be, t) => be.kernels.relu({ x: t(values, [n]) }, {})));
    for (const op of ['exp', 'sigmoid', 'tanh'] as const)
      same(both((be, t) => be.kernels[op]({ x: t(values, [n]) }, {})));
    const reversed = values.slice().reverse();
    same(both((be, t) => be.kernels.reluGrad({ dy: t(values, [n]), x: t(reversed, [n]) }, {})));
    for (const op of ['sigmoidGrad', 'tanhGrad'] as const)
      same(both((be, t) => be.kernels[op]({ dy: t(values, [n]), y: t(reversed, [n]) }, {})));
    same(
      both((be, t) =>
        be.kernels.cast(
          {
            x: t(
              Array.from(values, (v) => (v > 0 ? 1 : 0)),
              [n],
              'bool',
            ),
          },
          { dtype: 'float32' },
        ),
      ),
    );
    const pool = {
      filterSize: [2, 2] as [number, number],
      strides: [2, 2] as [number, number],
      pad: [0, 0, 0, 0] as [number, number, number, number],
    };
    const image = values.subarray(0, 12 * 32 * 32 * 8);
    same(both((be, t) => be.kernels.maxPool({ x: t(image, [12, 32, 32, 8]) }, pool)));
    same(
      both((be, t) =>
        be.kernels.maxPoolGrad(
          {
            dy: t(values.subarray(0, 12 * 16 * 16 * 8), [12, 16, 16, 8]),
            x: t(image, [12, 32, 32, 8]),
          },
          pool,
        ),
      ),
    );
    const conv = {
      strides: [1, 1] as [number, number],
      pad: [1, 0, 1, 1] as [number, number, number, number],
      dilations: [1, 1] as [number, number],
    };
    const x = randomValues(6 * 20 * 20 * 5, 10);
    const w = randomValues(3 * 3 * 5 * 12, 11);
    same(
      both((be, t) =>
        be.kernels.conv2d({ x: t(x, [6, 20, 20, 5]), filter: t(w, [3, 3, 5, 12]) }, conv),
      ),
    );
    const dy = randomValues(6 * 19 * 20 * 12, 12);
    same(
      both((be, t) =>
        be.kernels.conv2dBackpropInput(
          { dy: t(dy, [6, 19, 20, 12]), filter: t(w, [3, 3, 5, 12]) },
          { ...conv, inputShape: [6, 20, 20, 5] },
        ),
      ),
    );
    same(
      both((be, t) =>
        be.kernels.conv2dBackpropFilter(
          { x: t(x, [6, 20, 20, 5]), dy: t(dy, [6, 19, 20, 12]) },
          { ...conv, filterShape: [3, 3, 5, 12] },
        ),
      ),
    );
    single.dispose();
  });

  it('rejects a thread count that is not a positive integer, naming the method', () => {
    expect(() => backend.setThreadCount(0)).toThrow(ValueError);
    expect(() => backend.setThreadCount(1.5)).toThrow(/setThreadCount: .*positive integer.*1\.5/);
    expect(() => new CpuBackend({ threads: -1 })).toThrow(/threads.*positive integer.*-1/);
  });
});

describe('arena', () => {
  it('reuses a freed block of the same size and grows only for new sizes', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const arena = new Arena(memory, 64, 4 * 65536);
    const a = arena.alloc(1000);
    const b = arena.alloc(1000);
    expect(b - a).toBe(1024); // 64-byte aligned blocks
    arena.free(a, 1000);
    expect(arena.alloc(1000)).toBe(a);
    expect(arena.bytesInUse).toBe(2048);
    arena.alloc(100_000); // past the first page: grows
    expect(memory.buffer.byteLength).toBe(2 * 65536);
    expect(() => arena.alloc(200_000)).toThrow(ArenaFullError);
  });

  it('keeps a repeated training-like step from allocating new blocks', () => {
    const backend = new CpuBackend();
    const k = backend.kernels;
    const x = backend.write(
      Float32Array.from(randomValues(2 * 6 * 6 * 3)),
      [2, 6, 6, 3],
      'float32',
    );
    const w = backend.write(
      Float32Array.from(randomValues(3 * 3 * 3 * 4)),
      [3, 3, 3, 4],
      'float32',
    );
    const attrs = {
      strides: [1, 1] as [number, number],
      pad: [0, 0, 0, 0] as [number, number, number, number],
      dilations: [1, 1] as [number, number],
    };
    const step = () => {
      const y = k.conv2d(
        {
          x: { dataId: x, shape: [2, 6, 6, 3], dtype: 'float32' },
          filter: { dataId: w, shape: [3, 3, 3, 4], dtype: 'float32' },
        },
        attrs,
      );
      const r = k.relu({ x: y }, {});
      backend.disposeData(y.dataId);
      backend.disposeData(r.dataId);
    };
    step();
    const wasm = (backend as unknown as { wasm: { arena: Arena; memory: WebAssembly.Memory } })
      .wasm;
    const bytes = wasm.memory.buffer.byteLength;
    const inUse = wasm.arena.bytesInUse;
    for (let i = 0; i < 5; i++) step();
    expect(wasm.memory.buffer.byteLength).toBe(bytes);
    expect(wasm.arena.bytesInUse).toBe(inUse);
    backend.dispose();
  });

  it('runs the JavaScript kernels, with the same values, when the arena is full', () => {
    const backend = new CpuBackend({ threads: 1 });
    const wasm = (backend as unknown as { wasm: { arena: Arena } }).wasm;
    const a = randomValues(40 * 30, 5);
    const b = randomValues(30 * 20, 6);
    const aId = backend.write(Float32Array.from(a), [1, 40, 30], 'float32');
    const bId = backend.write(Float32Array.from(b), [1, 30, 20], 'float32');
    const full = () => {
      throw new ArenaFullError(1, 1);
    };
    const alloc = wasm.arena.alloc.bind(wasm.arena);
    wasm.arena.alloc = full;
    try {
      const out = backend.kernels.batchMatMul(
        {
          a: { dataId: aId, shape: [1, 40, 30], dtype: 'float32' },
          b: { dataId: bId, shape: [1, 30, 20], dtype: 'float32' },
        },
        { transposeA: false, transposeB: false },
      );
      expect(
        maxAbsDiff(Array.from(backend.readSync(out.dataId)), reference(a, b, 40, 30, 20)),
      ).toBeLessThan(1e-5);
    } finally {
      wasm.arena.alloc = alloc;
      backend.dispose();
    }
  });
});
