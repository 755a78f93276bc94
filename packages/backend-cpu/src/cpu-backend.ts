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
import { CpuStorage, type KernelFamily } from './cpu-storage';
import { activationKernels } from './kernels/activations';
import { binaryKernels } from './kernels/binary';
import { castKernels } from './kernels/cast';
import { conv2dKernels } from './kernels/conv2d';
import { matMulKernels } from './kernels/matmul';
import { concatKernels } from './kernels/movement/concat';
import { gatherKernels } from './kernels/movement/gather';
import { padKernels } from './kernels/movement/pad';
import { reshapeKernels } from './kernels/movement/reshape';
import { reverseKernels } from './kernels/movement/reverse';
import { sliceKernels } from './kernels/movement/slice';
import { tileKernels } from './kernels/movement/tile';
import { transposeKernels } from './kernels/movement/transpose';
import { normalizationKernels } from './kernels/normalization';
import { oneHotKernels } from './kernels/one-hot';
import { poolKernels } from './kernels/pool';
import { reduceKernels } from './kernels/reduce';
import { softmaxKernels } from './kernels/softmax';
import { unaryKernels } from './kernels/unary';
import { whereKernels } from './kernels/where';
import { createWasmGemm, type WasmGemm } from './wasm/gemm';

/** Every kernel of the table, composites included: the CPU backend implements them all natively. */
export type CpuKernels = KernelFamily<KernelName>;

/** Builds the complete kernel table over `storage`; products run on `gemm` when there is one. */
function createKernels(storage: CpuStorage, gemm: WasmGemm | null): CpuKernels {
  return {
    ...unaryKernels(storage),
    ...binaryKernels(storage),
    ...whereKernels(storage),
    ...castKernels(storage),
    ...reduceKernels(storage),
    ...transposeKernels(storage),
    ...sliceKernels(storage),
    ...concatKernels(storage),
    ...padKernels(storage),
    ...gatherKernels(storage),
    ...tileKernels(storage),
    ...reverseKernels(storage),
    ...reshapeKernels(storage),
    ...oneHotKernels(storage),
    ...matMulKernels(storage, gemm),
    ...activationKernels(storage),
    ...softmaxKernels(storage),
    ...conv2dKernels(storage, gemm),
    ...poolKernels(storage),
    ...normalizationKernels(storage),
  };
}

/**
 * The reference backend: tensor data lives in host typed arrays and every kernel, primitive and
 * composite, runs in plain TypeScript.
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
  /** Whether matMul and the convolutions run on the WebAssembly SIMD GEMM. */
  readonly simd: boolean;
  private readonly storage = new CpuStorage();

  constructor(options: CpuBackendOptions = {}) {
    const gemm = options.simd === false ? null : createWasmGemm();
    this.simd = gemm !== null;
    this.kernels = createKernels(this.storage, gemm);
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
  }

  describe(): string {
    return this.simd ? 'cpu (wasm simd gemm)' : 'cpu (plain TypeScript)';
  }
}

/** How to build a CPU backend. */
export interface CpuBackendOptions {
  /**
   * Run matMul and the convolutions on the WebAssembly SIMD GEMM where the runtime supports it
   * (the default); `false` keeps every kernel in plain TypeScript.
   */
  simd?: boolean;
}

/** A new, empty CPU backend. */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  return new CpuBackend(options);
}
