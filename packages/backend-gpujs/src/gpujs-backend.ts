import type {
  Backend,
  BackendKernels,
  BackendMemory,
  DataId,
  DType,
  KernelName,
  Shape,
  TypedArray,
} from '@glia/core';
import { GpujsDevice, type GpujsMode, type KernelCacheStats } from './device';
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
   * browsers, headless-gl in Node when built, else WebAssembly).
   */
  mode?: GpujsMode;
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

  constructor(options: GpujsBackendOptions = {}) {
    this.device = new GpujsDevice(options.mode);
    this.storage = new GpujsStorage(this.device);
    this.kernels = createKernels(createKernelContext(this.storage));
  }

  /** The gpu.js mode the kernels run in. */
  get mode(): GpujsMode {
    return this.device.mode;
  }

  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    return this.storage.write(values, shape, dtype);
  }

  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.storage.read(dataId));
  }

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
      ...this.device.cacheStats(),
    };
  }

  dispose(): void {
    this.storage.clear();
    this.device.destroy();
  }

  describe(): string {
    return `gpujs (${this.device.mode})`;
  }
}
