// gpu.js's webgpu mode in headless Chromium (SwiftShader's WebGPU adapter without a GPU): what the
// conformance kit does not cover: the adapter report, async-only reads, errors surfacing at the
// next read, buffers freed on dispose, and the registry's choice on a software adapter.
import {
  GpujsBackend,
  probeWebGpu,
  rankFor,
  registerGpujsBackend,
  whyNotWebGpu,
} from '@glia/backend-gpujs';
import {
  type Backend,
  memory,
  removeBackend,
  SyncReadError,
  setBackend,
  setSeed,
  tensor,
} from '@glia/core';
import { layers, sequential } from '@glia/layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function info(backend: Backend, values: number[]) {
  return {
    dataId: backend.write(new Float32Array(values), [values.length], 'float32'),
    shape: [values.length],
    dtype: 'float32' as const,
  };
}

describe('gpujs (webgpu) in Chromium', () => {
  let backend: GpujsBackend;
  beforeAll(async () => {
    backend = await GpujsBackend.create({ mode: 'webgpu' });
  });
  afterAll(() => backend.dispose());

  it('runs in the webgpu mode and reports its adapter', () => {
    expect(backend.describe()).toBe('gpujs (webgpu)');
    const report = backend.report();
    console.info(`chromium webgpu adapter: ${JSON.stringify(report.adapter)}`);
    expect(report.adapter).toBeDefined();
    expect(report.adapter!.isSoftware).toBe(true); // SwiftShader here
    expect(report.adapter!.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(2 ** 27);
  });

  it('ops return at once; reads await; readSync is a SyncReadError saying to await', async () => {
    const x = info(backend, [1, -2, 3]);
    const y = backend.kernels.square({ x }, {});
    const z = backend.kernels.add({ a: y, b: x }, {});
    expect(() => backend.readSync(z.dataId)).toThrow(SyncReadError);
    expect(() => backend.readSync(z.dataId)).toThrow(/await t\.data\(\)/);
    // x is freed before the queued kernels that read it have necessarily run
    backend.disposeData(x.dataId);
    backend.disposeData(y.dataId);
    expect(Array.from(await backend.read(z.dataId))).toEqual([2, 2, 12]);
    backend.disposeData(z.dataId);
  });

  it('NaN and ±Infinity come through as on the CPU', async () => {
    const x = info(backend, [0, -1, 4, Number.NaN]);
    const r = backend.kernels.reciprocal({ x }, {});
    const s = backend.kernels.sqrt({ x }, {});
    expect(Array.from(await backend.read(r.dataId))).toEqual([
      Number.POSITIVE_INFINITY,
      -1,
      0.25,
      Number.NaN,
    ]);
    expect(Array.from(await backend.read(s.dataId))).toEqual([0, Number.NaN, 2, Number.NaN]);
    for (const t of [x, r, s]) backend.disposeData(t.dataId);
  });

  it('disposeData frees the device buffers: live buffers and bytes back at their baseline', async () => {
    const before = backend.report();
    const x = info(backend, [1, 2, 3, 4]);
    const y = backend.kernels.exp({ x }, {});
    expect(backend.report().liveBuffers).toBe(before.liveBuffers + 2);
    expect(backend.report().liveBufferBytes).toBe(before.liveBufferBytes + 32);
    await backend.read(y.dataId);
    backend.disposeData(x.dataId);
    backend.disposeData(y.dataId);
    expect(backend.report().liveBuffers).toBe(before.liveBuffers);
    expect(backend.report().liveBufferBytes).toBe(before.liveBufferBytes);
  });

  it('a failed kernel surfaces at the next read, naming the op', async () => {
    const x = info(backend, [1, 2]);
    // a source gpu.js cannot translate to WGSL, run under the name of a kernel
    const bad = backend.device.run(
      'function(a0) { return a0[this.thread.x].nope(); }',
      2,
      [(backend as unknown as { storage: { buffer(i: unknown): never } }).storage.buffer(x)],
      'myBrokenOp',
    );
    const ok = backend.kernels.neg({ x }, {});
    await expect(backend.read(ok.dataId)).rejects.toThrow(/myBrokenOp/);
    // reported once: the next read is clean
    expect(Array.from(await backend.read(ok.dataId))).toEqual([-1, -2]);
    backend.device.release(bad);
    backend.disposeData(x.dataId);
    backend.disposeData(ok.dataId);
  });

  it('after fit, evaluate and predict and dispose, live buffers and bytes are back at baseline', async () => {
    registerGpujsBackend({ name: 'fit-webgpu', mode: 'webgpu' });
    const gpujs = (await setBackend('fit-webgpu')) as GpujsBackend;
    const before = gpujs.report();
    const tensorsBefore = memory().numTensors;
    setSeed(1);
    const model = sequential({
      layers: [
        layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const xs = tensor(
      Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)),
      [16, 4],
    );
    const ys = tensor(
      Int32Array.from({ length: 16 }, (_, i) => i % 3),
      [16],
      'int32',
    );
    const { history } = await model.fit(xs, ys, { epochs: 3, batchSize: 4, verbose: 0 });
    expect(history.loss!.every(Number.isFinite)).toBe(true);
    // the weights and the optimizer's slots are on the device now
    expect(gpujs.report().liveBuffers).toBeGreaterThan(before.liveBuffers);
    expect((await model.evaluate(xs, ys)).loss).toBeGreaterThan(0);
    const p = model.predict(xs);
    expect(Array.from(await p.data())).toHaveLength(48);
    expect(() => p.dataSync()).toThrow(SyncReadError);
    p.dispose();
    xs.dispose();
    ys.dispose();
    model.dispose();
    const after = gpujs.report();
    console.info(
      `fit on webgpu: live buffers ${before.liveBuffers} -> ${after.liveBuffers}, bytes ${before.liveBufferBytes} -> ${after.liveBufferBytes}`,
    );
    expect(memory().numTensors).toBe(tensorsBefore);
    expect(after.liveBuffers).toBe(before.liveBuffers);
    expect(after.liveBufferBytes).toBe(before.liveBufferBytes);
    removeBackend('fit-webgpu');
  });

  it('the software adapter is not chosen by default: the reason is kept', async () => {
    const probe = await probeWebGpu();
    expect(whyNotWebGpu(probe)).toMatch(/software/);
    expect(rankFor(probe, 0.5)).toBe(0.5);
  });
});
