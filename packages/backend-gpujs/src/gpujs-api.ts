/**
 * The one module that imports gpu.js. Everything else in this package reaches gpu.js through it, so
 * that a gpu.js upgrade (v3 makes every kernel call async) changes this file and the device classes
 * only. It also types the parts of gpu.js 2.24.1's WebGPU mode that its typings leave out.
 */
import * as gpujs from 'gpu.js';

export {
  CPUKernel,
  GPU,
  HeadlessGLKernel,
  type IKernelRunShortcut,
  Texture,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGLKernel,
} from 'gpu.js';

/** A GPU-resident result of a webgpu pipeline kernel (gpu.js's `WebGPUBufferResult`). */
export interface WebGpuHandle {
  /** The storage buffer's logical dimensions. */
  readonly output: number[];
  /** Copies the buffer back to the host. */
  toArray(): Promise<Float32Array | unknown>;
  /** Drops this handle's reference; the buffer is destroyed when none is left. */
  delete(): void;
}

/** A compiled webgpu kernel: every call returns a Promise (of a handle, in pipeline mode). */
export type WebGpuKernelCall = (
  ...args: readonly (WebGpuHandle | Float32Array)[]
) => Promise<unknown>;

/** What gpu.js knows of the WebGPU device it shares between all its kernels. */
export interface WebGpuContext {
  adapter: WebGpuAdapterLike;
  device: { limits: Record<string, number>; destroy(): void };
  isLost: boolean;
}

/** The parts of a `GPUAdapter` this backend reads (adapter facts for ranking and reports). */
export interface WebGpuAdapterLike {
  readonly info?: {
    vendor?: string;
    architecture?: string;
    device?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  readonly isFallbackAdapter?: boolean;
  readonly limits: Record<string, number> | object;
}

interface WebGpuContextClass {
  acquire(): Promise<WebGpuContext>;
}

/** gpu.js's webgpu kernel class (present in 2.24.1, absent from its typings). */
export const WebGPUKernel = (gpujs as unknown as { WebGPUKernel: unknown }).WebGPUKernel;

/** The WebGPU adapter and device gpu.js runs its webgpu kernels on (acquired once, shared). */
export function acquireWebGpuContext(): Promise<WebGpuContext> {
  const Context = (gpujs as unknown as { WebGPUContext?: WebGpuContextClass }).WebGPUContext;
  if (Context === undefined) {
    return Promise.reject(new Error('this gpu.js has no WebGPU mode (WebGPUContext is missing)'));
  }
  return Context.acquire();
}

/** Whether a value is a webgpu pipeline handle. */
export function isWebGpuHandle(value: unknown): value is WebGpuHandle {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'WebGPUBuffer' &&
    typeof (value as { delete?: unknown }).delete === 'function'
  );
}
