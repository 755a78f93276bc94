// The backend's own contract beyond the conformance kit: storage and texture accounting, the kernel
// cache, the registry priority, and its error messages.
import '@glia/backend-cpu';
import {
  add,
  allocArray,
  getBackend,
  listBackends,
  matMul,
  memory,
  registerBackend,
  removeBackend,
  setBackend,
  square,
  tensor,
  tidy,
} from '@glia/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkFloatTextures,
  checkTextureCapacity,
  createGpujsBackend,
  gpujsPriority,
  isSoftwareRenderer,
} from './index';
import { testBackend } from './test-support';

const backend = testBackend();
const info = (
  values: number[],
  shape: number[],
  dtype: 'float32' | 'int32' | 'bool' = 'float32',
) => {
  const array = allocArray(dtype, values.length);
  array.set(values);
  return { dataId: backend.write(array, shape, dtype), shape, dtype };
};

/** GL whose renderer is not a known software rasterizer (headless-gl only ever says 'ANGLE'). */
function onHardwareGL(): boolean {
  const renderer = backend.report().renderer;
  return backend.device.isGL && !(renderer !== undefined && isSoftwareRenderer(renderer));
}

describe('storage', () => {
  it('round-trips every dtype through the device, converting back to its array type', () => {
    const f = info([1.5, -2, 3.25], [3]);
    const i = info([-7, 0, 16777216], [3], 'int32');
    const b = info([1, 0, 1], [3], 'bool');
    expect(backend.readSync(f.dataId)).toEqual(Float32Array.from([1.5, -2, 3.25]));
    expect(backend.readSync(i.dataId)).toEqual(Int32Array.from([-7, 0, 16777216]));
    expect(backend.readSync(b.dataId)).toEqual(Uint8Array.from([1, 0, 1]));
    for (const t of [f, i, b]) backend.disposeData(t.dataId);
  });

  it('counts one live buffer per stored tensor and frees it on disposeData', () => {
    const before = backend.report().liveTextures;
    const x = info([1, 2, 3, 4], [2, 2]);
    const y = backend.kernels.square({ x }, {});
    expect(backend.report().liveTextures).toBe(before + 2);
    expect(backend.memory().numDataBuffers).toBe(backend.report().liveTextures);
    backend.disposeData(x.dataId);
    backend.disposeData(y.dataId);
    expect(backend.report().liveTextures).toBe(before);
  });

  it('says which data id is unknown', () => {
    expect(() => backend.readSync({ __dataId: -5 })).toThrow(
      'gpujs: data id -5 is not stored on this backend (never written, or already disposed)',
    );
  });

  it('refuses a tensor larger than a texture of the maximum size holds, naming the sizes', () => {
    expect(() => checkTextureCapacity(16_777_217, 4096, 'a kernel output')).toThrow(
      'gpujs: a kernel output has 16777217 elements: more than the 16777216 that a 4096x4096 texture',
    );
    expect(() => checkTextureCapacity(16_777_216, 4096, 'a kernel output')).not.toThrow();
  });
});

describe('layout', () => {
  it('lays a vector longer than the maximum texture side out within the texture size', () => {
    const side = Number.isFinite(backend.device.maxTextureSize)
      ? backend.device.maxTextureSize
      : 16384;
    const length = side + 7;
    const values = Array.from({ length }, (_, i) => (i % 1000) - 500);
    const x = info(values, [length]);
    const y = backend.kernels.neg({ x }, {});
    const out = backend.readSync(y.dataId);
    expect(out.length).toBe(length);
    expect(out[length - 1]).toBe(-values[length - 1]!);
    expect(Array.from(out).every((v, i) => v === -values[i]!)).toBe(true);
    backend.disposeData(x.dataId);
    backend.disposeData(y.dataId);
  });

  it('keeps a 4-d tensor row-major through a transpose', () => {
    const values = Array.from({ length: 2 * 3 * 4 * 5 }, (_, i) => i);
    const x = info(values, [2, 3, 4, 5]);
    const y = backend.kernels.transpose({ x }, { perm: [3, 1, 0, 2] });
    expect(y.shape).toEqual([5, 3, 2, 4]);
    const out = backend.readSync(y.dataId);
    // y[e][b][a][c] = x[a][b][c][e] = ((a * 3 + b) * 4 + c) * 5 + e
    expect(out[((4 * 3 + 2) * 2 + 1) * 4 + 3]).toBe(((1 * 3 + 2) * 4 + 3) * 5 + 4);
    expect(out[0]).toBe(0);
    backend.disposeData(x.dataId);
    backend.disposeData(y.dataId);
  });
});

describe('size limit', () => {
  it('refuses a kernel over a tensor beyond exact float32 index arithmetic, naming kernel and shape', () => {
    const x = info(new Array<number>(2 ** 23 + 1).fill(1), [2 ** 23 + 1]);
    expect(() => backend.kernels.neg({ x }, {})).toThrow(
      'gpujs: neg: input 0 [8388609] has 8388609 elements: expected at most 8388608 (2^23)',
    );
    backend.disposeData(x.dataId);
  });
});

describe('kernel cache', () => {
  it('compiles a kernel once per (kernel, shapes, attributes) and reuses it', () => {
    const x = info([1, 2, 3], [3]);
    // (in the GL modes each upload size is a kernel too: upload before counting)
    const z = info([1, 2, 3, 4, 5], [5]);
    const start = backend.report();
    const y1 = backend.kernels.square({ x }, {});
    const afterFirst = backend.report();
    const y2 = backend.kernels.square({ x }, {});
    const afterSecond = backend.report();
    expect(afterFirst.compiles - start.compiles).toBe(1);
    expect(afterSecond.compiles).toBe(afterFirst.compiles);
    expect(afterSecond.cacheHits - afterFirst.cacheHits).toBe(1);
    // another shape or attribute is another kernel
    const y3 = backend.kernels.square({ x: z }, {});
    const y4 = backend.kernels.leakyRelu({ x }, { alpha: 0.1 });
    const y5 = backend.kernels.leakyRelu({ x }, { alpha: 0.2 });
    expect(backend.report().compiles - afterSecond.compiles).toBe(3);
    expect(Array.from(backend.readSync(y2.dataId))).toEqual([1, 4, 9]);
    for (const t of [x, y1, y2, z, y3, y4, y5]) backend.disposeData(t.dataId);
    expect(backend.report().gpujsFallbacks).toBe(0);
  });
});

describe('gather', () => {
  it('checks host-written indices without reading anything back from the device', () => {
    const x = info([1, 2, 3, 4, 5, 6], [3, 2]);
    const indices = info([2, 0], [2], 'int32');
    const download = vi.spyOn(backend.device, 'download');
    const y = backend.kernels.gather({ x, indices }, { axis: 0 });
    expect(download).not.toHaveBeenCalled();
    download.mockRestore();
    expect(Array.from(backend.readSync(y.dataId))).toEqual([5, 6, 1, 2]);
    // indices a kernel computed have no host copy: they are read back and checked all the same
    const floats = info([0, 7.5], [2]);
    const computed = backend.kernels.cast({ x: floats }, { dtype: 'int32' });
    expect(() => backend.kernels.gather({ x, indices: computed }, { axis: 0 })).toThrow(
      'gather: index 7 (at position 1 of indices) is out of range',
    );
    for (const t of [x, indices, y, floats, computed]) backend.disposeData(t.dataId);
  });

  it('rejects an out-of-range index with the op, the index and the shape', () => {
    const x = info([1, 2, 3, 4, 5, 6], [3, 2]);
    const indices = info([0, 3], [2], 'int32');
    expect(() => backend.kernels.gather({ x, indices }, { axis: 0 })).toThrow(
      'gather: index 3 (at position 1 of indices) is out of range for dimension 0 of x [3,2]: expected 0 <= index < 3',
    );
    backend.disposeData(x.dataId);
    backend.disposeData(indices.dataId);
  });
});

describe('registry', () => {
  beforeAll(async () => {
    registerBackend('gpujs-test', () => backend);
    await setBackend('gpujs-test');
  });
  afterAll(async () => {
    await setBackend('cpu');
    removeBackend('gpujs-test');
  });

  it('reports the gpu.js mode in getBackend() and listBackends()', () => {
    expect(getBackend().describe?.()).toBe(`gpujs (${backend.mode})`);
    expect(listBackends().find((s) => s.name === 'gpujs-test')?.description).toBe(
      `gpujs (${backend.mode})`,
    );
  });

  it('runs ops end to end on the device: a matMul and a broadcast add', async () => {
    const y = tidy(() =>
      add(
        matMul(
          tensor([
            [1, 2],
            [3, 4],
          ]),
          tensor([[5], [6]]),
        ),
        tensor([0.5]),
      ),
    );
    expect(Array.from(await y.data())).toEqual([17.5, 39.5]);
    y.dispose();
    const z = square(tensor([3]));
    expect(Array.from(z.dataSync())).toEqual([9]);
    z.dispose();
  });

  it("shows compile counts, cache hits and live textures in core's memory() report", () => {
    const x = square(tensor([1, 2]));
    const report = memory().backends.gpujs as ReturnType<typeof backend.memory> | undefined;
    expect(report?.mode).toBe(backend.mode);
    expect(report?.compiles).toBe(backend.report().compiles);
    expect(report?.cacheHits).toBe(backend.report().cacheHits);
    expect(report?.liveTextures).toBe(report?.numDataBuffers);
    x.dispose();
  });

  it('ranks above the CPU backend only where gpu.js has GL on a hardware renderer', () => {
    expect(gpujsPriority()).toBe(onHardwareGL() ? 2 : 0.5);
    if (backend.device.isGL) {
      expect(gpujsPriority('NVIDIA GeForce RTX 4090/PCIe/SSE2')).toBe(2);
      expect(gpujsPriority('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(0.5);
    } else {
      expect(gpujsPriority('NVIDIA GeForce RTX 4090/PCIe/SSE2')).toBe(0.5);
    }
  });

  it('tells software rasterizers from GPUs by the renderer string', () => {
    const software = [
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'Mesa softpipe',
      'Microsoft Basic Render Driver',
    ];
    const gpus = [
      'NVIDIA GeForce RTX 4090/PCIe/SSE2',
      'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)',
      'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
      'AMD Radeon RX 7900 XTX (radeonsi, navi31, LLVM 16.0.6, DRM 3.54, 6.5.0)',
    ];
    for (const renderer of [...software, ...gpus]) {
      expect(isSoftwareRenderer(renderer), renderer).toBe(software.includes(renderer));
    }
  });

  it('starts here, where the mode has float storage', () => {
    expect(backend.device.floatTextures).toBe(true);
    const created = createGpujsBackend();
    expect(created.mode).toBe(backend.mode);
    created.dispose();
  });

  it('fails to start on a GL context without float textures, saying why', () => {
    expect(() => checkFloatTextures('webgl', false)).toThrow(
      'gpujs: the webgl context has no float textures',
    );
    expect(() => checkFloatTextures('webgl2', true)).not.toThrow();
    expect(() => checkFloatTextures('webasm', false)).not.toThrow();
  });
});

describe('ready()', () => {
  it('puts gpujs first only on GL that is not a known software renderer', async () => {
    const order = listBackends().map((s) => s.name);
    expect(order).toContain('gpujs');
    expect(order.indexOf('gpujs') < order.indexOf('cpu')).toBe(onHardwareGL());
  });
});
