/**
 * `@glia/backend-gpujs`: every Glia kernel as a gpu.js kernel. Importing it registers the backend as
 * 'gpujs': above the CPU backend where gpu.js runs on a GPU API (WebGL2/WebGL, headless-gl), below
 * it in gpu.js's WebAssembly mode (selectable by name, or with GLIA_BACKEND=gpujs).
 *
 * ```ts
 * import '@glia/backend-gpujs';
 * import { setBackend, square, tensor } from '@glia/core';
 * await setBackend('gpujs');
 * square(tensor([1, 2, 3])).print(); // [1, 4, 9]
 * ```
 */
import { registerGpujsBackend } from './register';

export type { AdapterFacts } from './adapter-facts';
export { adapterFacts } from './adapter-facts';
export {
  checkTextureCapacity,
  type DeviceBuffer,
  type GpujsMode,
  type KernelCacheStats,
} from './device';
export {
  GpujsBackend,
  type GpujsBackendOptions,
  type GpujsKernels,
  type GpujsReport,
} from './gpujs-backend';
export { INT32_RANGE_CASES, WEBGPU_GAPS } from './known-gaps';
export {
  checkFloatTextures,
  createBestGpujsBackend,
  createGpujsBackend,
  gpujsPriority,
  probeWebGpu,
  type RegisterGpujsOptions,
  rankFor,
  registerGpujsBackend,
  WEBGPU_PRIORITY,
  type WebGpuProbe,
  whyNotWebGpu,
} from './register';
export { glRenderer, isSoftwareRenderer } from './renderer';

registerGpujsBackend();
