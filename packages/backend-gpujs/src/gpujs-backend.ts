import {
  type Backend,
  BackendError,
  type BackendKernels,
  type BackendMemory,
  type DataId,
  type DType,
  type KernelName,
  type Shape,
  type TypedArray,
} from '@glia/core';
import { type AdapterFacts, adapterFacts } from './adapter-facts';
import { GpujsDevice, type GpujsMode, type KernelCacheStats } from './device';
import { acquireWebGpuContext, type WebGpuContext } from './gpujs-api';
import { createKernelContext, type KernelContext, type KernelFamily } from './kernels/context';
import { conv2dKernels } from './kernels/conv2d';
import { elementwiseKernels } from './kernels/elementwise';
import { fusedKernels } from './kernels/fused';
import { matMulKernels } from './kernels/matmul';
import { movementKernels } from './kernels/movement';
import { optimizerUpdateKernels } from './kernels/optimizer-updates';
import { poolKernels } from './kernels/pool';
import { reduceKernels } from './kernels/reduce';
import { softmaxKernels } from './kernels/softmax';
import { glRenderer } from './renderer';
import { GpujsStorage } from './storage';

/** Every kernel of the table, composites included. */
export type GpujsKernels = KernelFamily<KernelName>;

function createKernels(ctx: KernelContext): GpujsKernels {
  const kernels: GpujsKernels = {
    ...elementwiseKernels(ctx),
    ...reduceKernels(ctx),
    ...movementKernels(ctx),
    ...matMulKernels(ctx),
    ...softmaxKernels(ctx),
    ...conv2dKernels(ctx),
    ...poolKernels(ctx),
    ...optimizerUpdateKernels(ctx),
    ...fusedKernels(ctx),
  };
  // each kernel names itself in the context, for the context's error messages
  const named: Record<string, unknown> = {};
  for (const [name, impl] of Object.entries(kernels) as [
    string,
    (i: unknown, a: unknown) => unknown,
  ][]) {
    named[name] = (inputs: unknown, attrs: unknown) => {
      ctx.kernelName = name;
      return impl(inputs, attrs);
    };
  }
  return named as GpujsKernels;
}

/** How to build a gpu.js backend. */
export interface GpujsBackendOptions {
  /**
   * The gpu.js mode to run in; by default gpu.js picks the best one available (WebGL2/WebGL in
   * browsers, headless-gl in Node when built, else WebAssembly). `'webgpu'` needs its device first:
   * create that backend with `await GpujsBackend.create({ mode: 'webgpu' })`.
   */
  mode?: GpujsMode;
  /** The acquired WebGPU context (what `GpujsBackend.create` passes in the webgpu mode). */
  webgpu?: WebGpuContext;
  /**
   * Why the backend does not run in the webgpu mode, when it was chosen automatically and WebGPU
   * was not usable (shown by `describe()`, hence in `listBackends()`).
   */
  notWebGpu?: string;
}

/** What the backend reports about its device and compiled kernels (see `report()`). */
export interface GpujsReport extends KernelCacheStats {
  mode: GpujsMode;
  /** Device buffers alive now: textures in the GL modes, typed arrays in webasm. */
  liveTextures: number;
  /**
   * Tensors over the kernel limit (2^23 elements) held on the host instead, and their bytes (also
   * counted in `memory().numBytes`).
   */
  hostResidentTensors: number;
  hostResidentBytes: number;
  maxTextureSize: number;
  /** The GL renderer in the GL modes (e.g. 'llvmpipe ...', a GPU's name); undefined elsewhere. */
  renderer: string | undefined;
  /** The WebGPU adapter (vendor, architecture, fallback or software, limits), in the webgpu mode. */
  adapter: AdapterFacts | undefined;
  /** Device buffers alive now (same as `liveTextures`; storage buffers in the webgpu mode). */
  liveBuffers: number;
  /** Bytes of those buffers in the webgpu mode (4 per element of every dtype); 0 elsewhere. */
  liveBufferBytes: number;
}

/**
 * A Glia backend running every kernel, primitive and composite, as a generated gpu.js kernel.
 * Tensor data stays on the device (textures in the GL modes) until `read`/`readSync`.
 *
 * ```ts
 * const backend = new GpujsBackend();
 * const x = backend.write(new Float32Array([1, 2, 3]), [3], 'float32');
 * const y = backend.kernels.square({ x: { dataId: x, shape: [3], dtype: 'float32' } }, {});
 * backend.readSync(y.dataId); // Float32Array [1, 4, 9]
 * ```
 */
export class GpujsBackend implements Backend {
  readonly name = 'gpujs';
  readonly kernels: BackendKernels & GpujsKernels;
  readonly device: GpujsDevice;
  private readonly storage: GpujsStorage;

  private readonly notWebGpu: string | undefined;

  constructor(options: GpujsBackendOptions = {}) {
    this.device = new GpujsDevice(options.mode, options.webgpu);
    this.storage = new GpujsStorage(this.device);
    this.kernels = createKernels(createKernelContext(this.storage));
    this.notWebGpu = options.notWebGpu;
  }

  /**
   * Creates the backend in any mode, the webgpu mode included (whose device is acquired
   * asynchronously first; a BackendError says why when WebGPU is not usable here).
   *
   * ```ts
   * const backend = await GpujsBackend.create({ mode: 'webgpu' });
   * backend.describe(); // 'gpujs (webgpu)'
   * ```
   */
  static async create(options: GpujsBackendOptions = {}): Promise<GpujsBackend> {
    if (options.mode !== 'webgpu' || options.webgpu !== undefined) return new GpujsBackend(options);
    let webgpu: WebGpuContext;
    try {
      webgpu = await acquireWebGpuContext();
    } catch (e) {
      throw new BackendError(
        `gpujs: the webgpu mode cannot start here: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    return new GpujsBackend({ ...options, webgpu });
  }

  /** Whether reads are asynchronous only (the webgpu mode): `readSync` throws `SyncReadError`. */
  get isAsync(): boolean {
    return this.device.isAsync;
  }

  /** The gpu.js mode the kernels run in. */
  get mode(): GpujsMode {
    return this.device.mode;
  }

  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    return this.storage.write(values, shape, dtype);
  }

  /** Reads values back; in the webgpu mode, once the queued kernels that compute them have run. */
  read(dataId: DataId): Promise<TypedArray> {
    if (this.device.isAsync) return this.storage.readAsync(dataId);
    return Promise.resolve(this.storage.read(dataId));
  }

  /** Synchronous read; in the webgpu mode a `SyncReadError` (use `await t.data()`). */
  readSync(dataId: DataId): TypedArray {
    return this.storage.read(dataId);
  }

  disposeData(dataId: DataId): void {
    this.storage.delete(dataId);
  }

  memory(): BackendMemory & GpujsReport {
    return { ...this.storage.memory(), ...this.report() };
  }

  /** Mode, live textures, and the kernel cache's compile and hit counts. */
  report(): GpujsReport {
    const host = this.storage.hostResident();
    return {
      mode: this.device.mode,
      liveTextures: this.device.liveBufferCount,
      hostResidentTensors: host.tensors,
      hostResidentBytes: host.bytes,
      maxTextureSize: this.device.maxTextureSize,
      renderer: this.device.isGL ? glRenderer() : undefined,
      adapter:
        this.device.webgpu === undefined ? undefined : adapterFacts(this.device.webgpu.adapter),
      liveBuffers: this.device.liveBufferCount,
      liveBufferBytes: this.device.liveBufferBytes,
      ...this.device.cacheStats(),
    };
  }

  dispose(): void {
    this.storage.clear();
    this.device.destroy();
  }

  describe(): string {
    const why = this.notWebGpu === undefined ? '' : `; not webgpu: ${this.notWebGpu}`;
    return `gpujs (${this.device.mode}${why})`;
  }
}
