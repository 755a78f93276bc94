import type { WebGpuAdapterLike } from './gpujs-api';

/** What this backend tells of a WebGPU adapter: for the registry's ranking and for `report()`. */
export interface AdapterFacts {
  /** e.g. 'nvidia', 'apple', 'google' (SwiftShader); '' when the browser hides it. */
  vendor: string;
  /** e.g. 'ampere', 'metal-3', 'swiftshader'; '' when hidden. */
  architecture: string;
  /** The device name or description, when given. */
  description: string;
  /** The browser's own fallback adapter (`isFallbackAdapter`). */
  isFallbackAdapter: boolean;
  /** A CPU rasterizer (SwiftShader, lavapipe, llvmpipe, WARP) or a fallback adapter. */
  isSoftware: boolean;
  /** The adapter's limits this backend cares about. */
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxComputeWorkgroupsPerDimension: number;
  };
}

const SOFTWARE =
  /swiftshader|lavapipe|llvmpipe|softpipe|software|basic render|microsoft basic|warp/i;

/** Reads the facts of `adapter` (a `GPUAdapter`, or any object of its shape, e.g. a test stub). */
export function adapterFacts(adapter: WebGpuAdapterLike): AdapterFacts {
  const info = adapter.info ?? {};
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = [info.device, info.description].filter(Boolean).join(' ');
  const isFallbackAdapter = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  const named = `${vendor} ${architecture} ${description}`;
  const limits = adapter.limits as Record<string, number>;
  return {
    vendor,
    architecture,
    description,
    isFallbackAdapter,
    isSoftware: isFallbackAdapter || SOFTWARE.test(named),
    limits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize ?? 0,
      maxBufferSize: limits.maxBufferSize ?? 0,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension ?? 0,
    },
  };
}
