import { BackendError } from '@glia/core';
import {
  CPUKernel,
  GPU,
  HeadlessGLKernel,
  type IKernelRunShortcut,
  isWebGpuHandle,
  Texture,
  WebAssemblyKernel,
  WebGL2Kernel,
  WebGLKernel,
  WebGPUKernel,
  type WebGpuContext,
  type WebGpuHandle,
  type WebGpuKernelCall,
} from './gpujs-api';
import { PendingBuffer } from './pending-buffer';

/** The gpu.js modes this backend runs in. */
export type GpujsMode = 'webgpu' | 'webasm' | 'headlessgl' | 'webgl2' | 'webgl' | 'cpu';

/**
 * Where a tensor's values live: a gpu.js texture in the GL modes, a pending storage buffer in the
 * webgpu mode, a Float32Array otherwise.
 */
export type DeviceBuffer = Texture | PendingBuffer | Float32Array;

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
  /**
   * Whether kernels run asynchronously (the webgpu mode): buffers are pending, and only
   * `downloadAsync` reads them.
   */
  readonly isAsync: boolean;
  /** The WebGPU adapter and device, in the webgpu mode. */
  readonly webgpu: WebGpuContext | undefined;
  /** Most bytes one storage buffer may bind, in the webgpu mode; Infinity elsewhere. */
  readonly maxBufferBytes: number;
  private readonly cache = new Map<string, IKernelRunShortcut>();
  private readonly stats = { compiles: 0, cacheHits: 0, gpujsFallbacks: 0 };
  private liveBuffers = 0;
  private liveBytes = 0;
  /** The first device failure not yet reported by a read (webgpu mode). */
  private unreported: BackendError | undefined;
  private readonly noted = new WeakSet<BackendError>();
  /** A one-element stand-in for empty inputs, which gpu.js cannot take (never read by the code). */
  private placeholder: DeviceBuffer | null = null;

  /**
   * @param mode the gpu.js mode; by default gpu.js picks (never webgpu, which must be asked for)
   * @param webgpu the acquired WebGPU context, required in the webgpu mode
   */
  constructor(mode?: GpujsMode, webgpu?: WebGpuContext) {
    if (mode === 'webgpu' && webgpu === undefined) {
      throw new BackendError(
        "gpujs: the webgpu mode needs its WebGPU device first: create the backend with `await GpujsBackend.create({ mode: 'webgpu' })`",
      );
    }
    this.gpu = mode === undefined ? new GPU() : new GPU({ mode: mode as never });
    this.mode = modeOf(this.gpu.Kernel);
    this.isGL = GL_MODES.includes(this.mode);
    this.isAsync = this.mode === 'webgpu';
    this.webgpu = this.isAsync ? webgpu : undefined;
    const limits = webgpu?.device.limits;
    this.maxBufferBytes = this.isAsync
      ? Math.min(
          limits?.maxStorageBufferBindingSize ?? 2 ** 27,
          limits?.maxBufferSize ?? Number.POSITIVE_INFINITY,
        )
      : Number.POSITIVE_INFINITY;
    const features = (this.gpu.Kernel as unknown as { features?: KernelFeatures }).features;
    this.maxTextureSize = this.isGL ? (features?.maxTextureSize ?? 4096) : Number.POSITIVE_INFINITY;
    this.floatTextures =
      features?.isTextureFloat === true &&
      features.isFloatRead === true &&
      (features.highFloatPrecision?.precision ?? 23) >= 23;
  }

  /** Device buffers alive now (textures in the GL modes, storage buffers in webgpu). */
  get liveBufferCount(): number {
    return this.liveBuffers;
  }

  /** Bytes of the device buffers alive now, in the webgpu mode (4 per element of every dtype). */
  get liveBufferBytes(): number {
    return this.liveBytes;
  }

  /**
   * The first failure of device work not yet reported, cleared by the call: reads throw it, so an
   * error in a kernel nobody reads still surfaces, at the next read, naming that kernel.
   */
  takeError(): BackendError | undefined {
    const error = this.unreported;
    this.unreported = undefined;
    return error;
  }

  /** Compile and hit counts. */
  cacheStats(): KernelCacheStats {
    return { ...this.stats, cachedKernels: this.cache.size };
  }

  /** Checks that `size` elements fit one texture (one storage buffer in webgpu) of this device. */
  checkSize(size: number, what: string): void {
    if (this.isAsync) {
      if (size * 4 > this.maxBufferBytes) {
        throw new BackendError(
          `gpujs (webgpu): ${what} has ${size} elements (${size * 4} bytes): more than the ${this.maxBufferBytes} bytes one storage buffer of this device may bind (maxStorageBufferBindingSize)`,
        );
      }
      return;
    }
    checkTextureCapacity(size, this.maxTextureSize, what);
  }

  /** Copies host values to the device (queued, in the webgpu mode: `values` is copied first). */
  upload(values: Float32Array): DeviceBuffer {
    if (values.length === 0) return new Float32Array(0);
    if (this.isAsync) {
      this.checkSize(values.length, 'an uploaded tensor');
      return this.run(
        'function(a0) { return a0[this.thread.x]; }',
        values.length,
        [values.slice()],
        'upload',
      );
    }
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
    if (buffer instanceof PendingBuffer) {
      throw new BackendError('gpujs (webgpu): a pending device buffer has no synchronous read');
    }
    const values = buffer.toArray();
    if (values instanceof Float32Array) return values;
    throw new BackendError(
      `gpujs: reading back a texture gave ${typeof values}, not a Float32Array`,
    );
  }

  /**
   * Copies device values back to the host once the kernels that fill `buffer` have run; the
   * buffer is held (not freed by a dispose meanwhile) until the copy is made. A device failure not
   * yet reported is thrown first.
   */
  async downloadAsync(buffer: DeviceBuffer, size: number): Promise<Float32Array> {
    if (!(buffer instanceof PendingBuffer)) return this.download(buffer, size);
    buffer.retain();
    try {
      const handle = await buffer.ready;
      const values = await handle.toArray();
      const error = this.takeError();
      if (error !== undefined) throw error;
      if (values instanceof Float32Array) return values;
      throw new BackendError(
        `gpujs (webgpu): reading back a buffer gave ${describe(values)}, not a Float32Array`,
      );
    } catch (e) {
      // the failure being thrown is reported now
      if (e === this.unreported) this.unreported = undefined;
      throw e;
    } finally {
      buffer.release();
    }
  }

  /** Frees a buffer; in the GL modes this deletes its texture, in webgpu its storage buffer. */
  release(buffer: DeviceBuffer): void {
    if (buffer instanceof PendingBuffer) {
      buffer.release();
      return;
    }
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
  run(
    source: string,
    size: number,
    inputs: readonly DeviceBuffer[],
    op = 'a kernel',
  ): DeviceBuffer {
    if (size === 0) return new Float32Array(0);
    this.checkSize(size, 'a kernel output');
    source = this.isAsync ? withRuntimeNonFinite(source) : withRuntimeInfinity(source);
    const args = inputs.map((b) => (isEmpty(b) ? this.placeholderBuffer() : b));
    // gpu.js bakes argument sizes into a compiled kernel too
    const key = `${size}|${args.map(bufferLength).join(',')}|${source}`;
    let kernel = this.cache.get(key);
    if (kernel === undefined) {
      kernel = this.gpu.createKernel(source, {
        output: [size],
        pipeline: this.isGL || this.isAsync,
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
    if (this.isAsync) return this.queue(kernel as unknown as WebGpuKernelCall, size, args, op);
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

  /**
   * Queues a webgpu kernel call behind the kernels that fill its inputs, and returns its output
   * buffer at once. The inputs are held until the call is submitted.
   */
  private queue(
    kernel: WebGpuKernelCall,
    size: number,
    args: readonly DeviceBuffer[],
    op: string,
  ): PendingBuffer {
    const held = args.filter((a): a is PendingBuffer => a instanceof PendingBuffer);
    for (const input of held) input.retain();
    const work = Promise.all(
      args.map((a) => (a instanceof PendingBuffer ? a.ready : (a as Float32Array))),
    )
      .then((values) => kernel(...values))
      .then((result): WebGpuHandle => {
        if (isWebGpuHandle(result)) return result;
        throw new BackendError(
          `gpujs (webgpu): a kernel returned ${describe(result)}, not a buffer`,
        );
      })
      .finally(() => {
        for (const input of held) input.release();
      });
    this.liveBuffers++;
    this.liveBytes += size * 4;
    const buffer = new PendingBuffer(size, op, work, (freed) => {
      this.liveBuffers--;
      this.liveBytes -= freed.size * 4;
    });
    buffer.ready.catch((e: BackendError) => {
      if (this.noted.has(e)) return;
      this.noted.add(e);
      this.unreported ??= e;
    });
    return buffer;
  }

  private placeholderBuffer(): DeviceBuffer {
    if (this.placeholder === null) {
      const values = new Float32Array([0]);
      const onDevice = this.isGL || this.isAsync;
      this.placeholder = onDevice ? this.upload(values) : values;
      if (onDevice) {
        // internal, not a tensor's buffer
        this.liveBuffers--;
        if (this.isAsync) this.liveBytes -= 4;
      }
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

/**
 * WGSL rejects a constant division by zero when it compiles a shader, so in the webgpu mode the
 * non-finite values are computed from a runtime zero (the thread index times 0): 1/0 is +Infinity
 * and 0/0 NaN when the kernel runs.
 */
function withRuntimeNonFinite(source: string): string {
  const zero = '(this.thread.x * 0.0)';
  return withOrderedInequality(source)
    .replace(/\(0\.0 \/ 0\.0\)/g, `(${zero} / ${zero})`)
    .replace(/\bInfinity\b/g, `(1.0 / ${zero})`);
}

/**
 * `a !== b` in generated sources where both sides are a name, a number, or a parenthesized term,
 * and the comparison stands alone (after `(`, `||` or `&&`, before `)`, `||` or `&&`), so that
 * rewriting it cannot change what binds to what. Other `!==` are left (none is a NaN check).
 */
const OPERAND = String.raw`[\w.]+|\([\w.+\-*/ ]*\)`;
const INEQUALITY = new RegExp(
  String.raw`(?<=\(|\|\| |&& )(${OPERAND}) !== (${OPERAND})(?=\)| \|\|| &&)`,
  'g',
);

/**
 * gpu.js translates `a !== b` to WGSL's `a != b`, which SwiftShader (and any WGSL compiler that
 * emits an ordered comparison) evaluates to false when either side is NaN; JavaScript, and every
 * other backend, say true. `!(a === b)` is true for NaN under either convention, so NaN checks
 * (`x !== x`) and notEqual behave as on the CPU backend.
 */
function withOrderedInequality(source: string): string {
  return source.replace(INEQUALITY, '!($1 === $2)');
}

/** gpu.js reports every GL kernel class as mode 'gpu': tell them apart by class. */
function modeOf(kernel: unknown): GpujsMode {
  if (kernel === WebGPUKernel) return 'webgpu';
  if (kernel === HeadlessGLKernel) return 'headlessgl';
  if (kernel === WebGL2Kernel) return 'webgl2';
  if (kernel === WebGLKernel) return 'webgl';
  if (kernel === WebAssemblyKernel) return 'webasm';
  if (kernel === CPUKernel) return 'cpu';
  throw new BackendError('gpujs: gpu.js chose a kernel type this backend does not know');
}

function bufferLength(buffer: DeviceBuffer): number {
  if (buffer instanceof Float32Array) return buffer.length;
  if (buffer instanceof PendingBuffer) return buffer.size;
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
