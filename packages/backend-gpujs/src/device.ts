import { BackendError } from '@glia/core';
import {
  CPUKernel,
  GPU,
  HeadlessGLKernel,
  type IKernelRunShortcut,
  Texture,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGLKernel,
} from 'gpu.js';

/** The gpu.js modes this backend runs in. */
export type GpujsMode = 'webasm' | 'headlessgl' | 'webgl2' | 'webgl' | 'cpu';

/** Where a tensor's values live: a gpu.js texture in the GL modes, a Float32Array otherwise. */
export type DeviceBuffer = Texture | Float32Array;

/** The part of gpu.js's per-mode feature report this backend reads. */
interface KernelFeatures {
  maxTextureSize?: number;
  isTextureFloat?: boolean;
  isFloatRead?: boolean;
  highFloatPrecision?: { precision: number };
}

/** Compile and cache counters of a device, for the backend's report. */
export interface KernelCacheStats {
  /** Kernels compiled (cache misses), upload kernels included. */
  compiles: number;
  /** Kernel calls served by an already compiled kernel. */
  cacheHits: number;
  /** Compiled kernels held now. */
  cachedKernels: number;
  /** Kernel calls that gpu.js itself moved to its CPU kernel (should stay 0). */
  gpujsFallbacks: number;
}

const GL_MODES: readonly GpujsMode[] = ['headlessgl', 'webgl2', 'webgl'];

/**
 * One gpu.js instance and the kernels compiled on it. Kernels are cached by their generated source
 * and output size; every call returns a fresh buffer (`immutable: true`) that stays on the device
 * (`pipeline: true`) until `release`.
 */
export class GpujsDevice {
  readonly gpu: GPU;
  readonly mode: GpujsMode;
  /** Whether gpu.js runs on a GPU API (a GL mode): only then does the backend outrank the CPU. */
  readonly isGL: boolean;
  /** Largest texture side in the GL modes; Infinity elsewhere. */
  readonly maxTextureSize: number;
  /** Whether the mode stores and reads back full float32 (float textures in the GL modes). */
  readonly floatTextures: boolean;
  private readonly cache = new Map<string, IKernelRunShortcut>();
  private readonly stats = { compiles: 0, cacheHits: 0, gpujsFallbacks: 0 };
  private liveBuffers = 0;
  /** A one-element stand-in for empty inputs, which gpu.js cannot take (never read by the code). */
  private placeholder: DeviceBuffer | null = null;

  constructor(mode?: GpujsMode) {
    this.gpu = mode === undefined ? new GPU() : new GPU({ mode });
    this.mode = modeOf(this.gpu.Kernel);
    this.isGL = GL_MODES.includes(this.mode);
    const features = (this.gpu.Kernel as unknown as { features?: KernelFeatures }).features;
    this.maxTextureSize = this.isGL ? (features?.maxTextureSize ?? 4096) : Number.POSITIVE_INFINITY;
    this.floatTextures =
      features?.isTextureFloat === true &&
      features.isFloatRead === true &&
      (features.highFloatPrecision?.precision ?? 23) >= 23;
  }

  /** Device buffers alive now (textures in the GL modes). */
  get liveBufferCount(): number {
    return this.liveBuffers;
  }

  /** Compile and hit counts. */
  cacheStats(): KernelCacheStats {
    return { ...this.stats, cachedKernels: this.cache.size };
  }

  /** Checks that `size` elements fit one texture of this device. */
  checkSize(size: number, what: string): void {
    checkTextureCapacity(size, this.maxTextureSize, what);
  }

  /** Copies host values to the device. */
  upload(values: Float32Array): DeviceBuffer {
    if (values.length === 0) return new Float32Array(0);
    if (!this.isGL) {
      this.liveBuffers++;
      return Float32Array.from(values);
    }
    this.checkSize(values.length, 'an uploaded tensor');
    return this.run('function(a0) { return a0[this.thread.x]; }', values.length, [values]);
  }

  /** Copies device values back to the host (the buffer stays on the device). */
  download(buffer: DeviceBuffer, size: number): Float32Array {
    if (size === 0) return new Float32Array(0);
    if (buffer instanceof Float32Array) return buffer;
    const values = buffer.toArray();
    if (values instanceof Float32Array) return values;
    throw new BackendError(
      `gpujs: reading back a texture gave ${typeof values}, not a Float32Array`,
    );
  }

  /** Frees a buffer; in the GL modes this deletes its texture. */
  release(buffer: DeviceBuffer): void {
    if (buffer instanceof Float32Array) {
      if (buffer.length > 0) this.liveBuffers--;
      return;
    }
    buffer.delete();
    this.liveBuffers--;
  }

  /**
   * Runs the kernel `source` over `inputs` into a fresh buffer of `size` elements. Empty inputs are
   * replaced by a placeholder (generated code never reads them); an empty output runs nothing.
   */
  run(source: string, size: number, inputs: readonly DeviceBuffer[]): DeviceBuffer {
    if (size === 0) return new Float32Array(0);
    this.checkSize(size, 'a kernel output');
    source = withRuntimeInfinity(source);
    const args = inputs.map((b) => (isEmpty(b) ? this.placeholderBuffer() : b));
    // gpu.js bakes argument sizes into a compiled kernel too
    const key = `${size}|${args.map(bufferLength).join(',')}|${source}`;
    let kernel = this.cache.get(key);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(source, {
        output: [size],
        pipeline: this.isGL,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
        dynamicOutput: false,
        dynamicArguments: false,
      });
      this.cache.set(key, kernel);
      this.stats.compiles++;
    } else {
      this.stats.cacheHits++;
    }
    const result = (kernel as unknown as (...a: DeviceBuffer[]) => unknown)(...args);
    const ran = (kernel as unknown as { kernel?: { constructor: unknown } }).kernel;
    if (ran !== undefined && ran.constructor !== this.gpu.Kernel) this.stats.gpujsFallbacks++;
    this.liveBuffers++;
    if (result instanceof Float32Array || result instanceof Texture) return result;
    if (result !== null && typeof result === 'object' && 'toArray' in result) {
      return result as Texture;
    }
    throw new BackendError(`gpujs: a kernel returned ${describe(result)}, not a buffer`);
  }

  private placeholderBuffer(): DeviceBuffer {
    if (this.placeholder === null) {
      const values = new Float32Array([0]);
      this.placeholder = this.isGL ? this.upload(values) : values;
      if (this.isGL) this.liveBuffers--; // internal, not a tensor's buffer
    }
    return this.placeholder;
  }

  /** Drops every compiled kernel and the gpu.js instance. */
  destroy(): void {
    this.cache.clear();
    void this.gpu.destroy();
  }
}

/**
 * Throws when `size` elements do not fit one texture of at most `maxTextureSize` texels a side
 * (gpu.js packs a flat tensor into a near-square texture).
 */
export function checkTextureCapacity(size: number, maxTextureSize: number, what: string): void {
  const limit = maxTextureSize * maxTextureSize;
  if (size > limit) {
    throw new BackendError(
      `gpujs: ${what} has ${size} elements: more than the ${limit} that a ${maxTextureSize}x${maxTextureSize} texture (the device's maximum) holds`,
    );
  }
}

/**
 * gpu.js's GLSL translation turns the identifier `Infinity` into the largest finite float; 1/0
 * evaluates to a true infinity in GLSL and WebAssembly alike.
 */
function withRuntimeInfinity(source: string): string {
  return source.replace(/\bInfinity\b/g, '(1.0 / 0.0)');
}

/** gpu.js reports every GL kernel class as mode 'gpu': tell them apart by class. */
function modeOf(kernel: unknown): GpujsMode {
  if (kernel === HeadlessGLKernel) return 'headlessgl';
  if (kernel === WebGL2Kernel) return 'webgl2';
  if (kernel === WebGLKernel) return 'webgl';
  if (kernel === WebAssemblyKernel) return 'webasm';
  if (kernel === CPUKernel) return 'cpu';
  throw new BackendError('gpujs: gpu.js chose a kernel type this backend does not know');
}

function bufferLength(buffer: DeviceBuffer): number {
  if (buffer instanceof Float32Array) return buffer.length;
  const output = (buffer as unknown as { output: number[] }).output;
  return output.reduce((a, b) => a * b, 1);
}

function isEmpty(buffer: DeviceBuffer): boolean {
  return buffer instanceof Float32Array && buffer.length === 0;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
