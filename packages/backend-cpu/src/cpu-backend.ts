import {
  type Backend,
  type BackendKernels,
  type BackendMemory,
  type DataId,
  type DType,
  type KernelName,
  type Shape,
  type TypedArray,
  ValueError,
} from '@glia/core';
import { accelerationLayer } from './acceleration';
import { CpuStorage, type KernelFamily } from './cpu-storage';
import { activationGradientKernels } from './kernels/activation-gradients';
import { activationKernels } from './kernels/activations';
import { binaryKernels } from './kernels/binary';
import { castKernels } from './kernels/cast';
import { conv2dKernels } from './kernels/conv2d';
import { biasActivationPass, fusedKernels } from './kernels/fused';
import { matMulKernels } from './kernels/matmul';
import { concatKernels } from './kernels/movement/concat';
import { gatherKernels } from './kernels/movement/gather';
import { padKernels } from './kernels/movement/pad';
import { reshapeKernels } from './kernels/movement/reshape';
import { reverseKernels } from './kernels/movement/reverse';
import { sliceKernels } from './kernels/movement/slice';
import { splitKernels } from './kernels/movement/split';
import { tileKernels } from './kernels/movement/tile';
import { transposeKernels } from './kernels/movement/transpose';
import { normalizationKernels } from './kernels/normalization';
import { oneHotKernels } from './kernels/one-hot';
import { optimizerUpdateKernels } from './kernels/optimizer-updates';
import { poolKernels } from './kernels/pool';
import { reduceKernels } from './kernels/reduce';
import { softmaxKernels } from './kernels/softmax';
import { unaryKernels } from './kernels/unary';
import { whereKernels } from './kernels/where';
import { WasmRuntime } from './wasm/runtime';

/** Every kernel of the table, composites included: the CPU backend implements them all natively. */
export type CpuKernels = KernelFamily<KernelName>;

/**
 * The reference table: every kernel in TypeScript. (matMul, the convolutions and max pooling still
 * run their GEMM and window loops in wasm from inside their kernels when `wasm` is given.)
 */
function referenceKernels(storage: CpuStorage, wasm: WasmRuntime | null): CpuKernels {
  const matMul = matMulKernels(storage, wasm);
  const conv2d = conv2dKernels(storage, wasm);
  return {
    ...unaryKernels(storage),
    ...binaryKernels(storage),
    ...whereKernels(storage),
    ...castKernels(storage),
    ...reduceKernels(storage),
    ...transposeKernels(storage),
    ...sliceKernels(storage),
    ...concatKernels(storage),
    ...splitKernels(storage),
    ...padKernels(storage),
    ...gatherKernels(storage),
    ...tileKernels(storage),
    ...reverseKernels(storage),
    ...reshapeKernels(storage),
    ...oneHotKernels(storage),
    ...matMul,
    ...activationKernels(storage),
    ...activationGradientKernels(storage),
    ...softmaxKernels(storage),
    ...conv2d,
    ...fusedKernels({ ...matMul, ...conv2d }, biasActivationPass(storage)),
    ...poolKernels(storage, wasm),
    ...normalizationKernels(storage),
    ...optimizerUpdateKernels(storage),
  };
}

/** The complete kernel table: the reference, overlaid with the acceleration layer where there is wasm. */
function createKernels(storage: CpuStorage, wasm: WasmRuntime | null): CpuKernels {
  const reference = referenceKernels(storage, wasm);
  return wasm === null
    ? reference
    : { ...reference, ...accelerationLayer(wasm, storage, reference) };
}

function checkThreadCount(what: string, count: number): void {
  if (!Number.isInteger(count) || count < 1)
    throw new ValueError(`${what} must be a positive integer, got ${String(count)}`);
}

/** A backend dropped without `dispose()` still stops its worker threads once collected. */
const stopWorkersWhenCollected = new FinalizationRegistry<WasmRuntime>((wasm) => wasm.dispose());

/**
 * The reference backend. Every kernel, primitive and composite, has a plain TypeScript
 * implementation; where WebAssembly SIMD is available the hot ones (matMul, the convolutions,
 * max pooling, the common elementwise kernels) run as SIMD kernels instead, large products split
 * across worker threads, and float32 tensors live in the kernels' shared memory (a buffer pool).
 *
 * ```ts
 * const cpu = new CpuBackend();
 * const x = cpu.write(new Float32Array([1, 2, 3]), [3], 'float32');
 * const y = cpu.kernels.square({ x: { dataId: x, shape: [3], dtype: 'float32' } }, {});
 * cpu.readSync(y.dataId); // Float32Array [1, 4, 9]
 * ```
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly kernels: BackendKernels & CpuKernels;
  /** Whether the hot kernels run as WebAssembly SIMD. */
  readonly simd: boolean;
  private readonly storage: CpuStorage;
  private readonly wasm: WasmRuntime | null;

  constructor(options: CpuBackendOptions = {}) {
    if (options.threads !== undefined)
      checkThreadCount('CpuBackend: options.threads', options.threads);
    this.wasm =
      options.simd === false
        ? null
        : WasmRuntime.create(options.threads, options.sharedMemory, options.relaxedSimd);
    this.simd = this.wasm !== null;
    // Tensors live in the wasm memory only where it is shared (it never detaches their views).
    this.storage = new CpuStorage(this.wasm?.shared ? this.wasm.arena : null);
    this.kernels = createKernels(this.storage, this.wasm);
    if (this.wasm !== null) stopWorkersWhenCollected.register(this, this.wasm);
  }

  /**
   * Threads that large matrix products and convolutions are split across (this one included):
   * `threads` of the options, else the GLIA_THREADS environment variable, else every core. 1 on the
   * plain TypeScript path and where SharedArrayBuffer is missing.
   */
  get threadCount(): number {
    return this.wasm?.threadCount ?? 1;
  }

  /** Threads ready now (workers start in the background, and take work once started). */
  get activeThreads(): number {
    return this.wasm?.activeThreads ?? 1;
  }

  /** Uses `count` threads from now on (see `threadCount`). */
  setThreadCount(count: number): void {
    checkThreadCount('setThreadCount: count', count);
    this.wasm?.setThreadCount(count);
  }

  /** Resolves once every configured worker has started (or after `timeoutMs`). */
  async threadsReady(timeoutMs = 10_000): Promise<number> {
    this.wasm?.startThreads();
    const end = performance.now() + timeoutMs;
    while (this.activeThreads < this.threadCount && performance.now() < end)
      await new Promise((resolve) => setTimeout(resolve, 5));
    return this.activeThreads;
  }

  /** Stores a copy of `values`. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    return this.storage.write(values, shape, dtype);
  }

  /** The stored array itself (callers do not mutate it). */
  read(dataId: DataId): Promise<TypedArray> {
    return Promise.resolve(this.storage.read(dataId));
  }

  /** The stored array itself (callers do not mutate it). */
  readSync(dataId: DataId): TypedArray {
    return this.storage.read(dataId);
  }

  disposeData(dataId: DataId): void {
    this.storage.delete(dataId);
  }

  memory(): BackendMemory {
    return this.storage.memory();
  }

  dispose(): void {
    this.storage.clear();
    this.wasm?.dispose();
  }

  describe(): string {
    if (this.wasm === null) return 'cpu (plain TypeScript)';
    const threads = this.threadCount;
    const relaxed = this.wasm.relaxed ? ' + relaxed fma' : '';
    const shared = this.wasm.shared ? '' : ', no SharedArrayBuffer';
    return `cpu (wasm simd${relaxed}, ${threads} thread${threads === 1 ? '' : 's'}${shared})`;
  }
}

/** How to build a CPU backend. */
export interface CpuBackendOptions {
  /**
   * Run matMul and the convolutions on the WebAssembly SIMD GEMM where the runtime supports it
   * (the default); `false` keeps every kernel in plain TypeScript.
   */
  simd?: boolean;
  /**
   * Threads for large matrix products and convolutions, this one included (default: GLIA_THREADS,
   * else every core). Needs SharedArrayBuffer; without it the count is 1.
   */
  threads?: number;
  /**
   * Keep tensors in a shared wasm memory where SharedArrayBuffer exists (the default). `false`
   * runs as a page without cross-origin isolation does: one thread, operands copied in and out of
   * a private memory per kernel (the tests use it to cover that path).
   */
  sharedMemory?: boolean;
  /**
   * Use the GEMM with fused multiply-adds (WebAssembly relaxed SIMD) where the runtime accepts it
   * (the default; Node 20 needs --experimental-wasm-relaxed-simd). Its sums round once per
   * multiply-add instead of twice, so results may differ from the default path in the last bits.
   */
  relaxedSimd?: boolean;
}

/** A new, empty CPU backend. */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  return new CpuBackend(options);
}
