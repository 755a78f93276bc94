import { allocArray, type DType, type TensorInfo } from '@glia/core';
import { CpuBackend, type CpuBackendOptions } from './cpu-backend';

/** The two ways the backend multiplies matrices, for tests that run on both. */
export const GEMM_PATHS: { name: string; options: CpuBackendOptions }[] = [
  { name: 'wasm simd gemm', options: { simd: true } },
  { name: 'JavaScript matMul', options: { simd: false } },
];

/** Shared by the tests: a fresh backend, tensors written into it, and plain-array reads. */
export function kernelTestBed(options: CpuBackendOptions = {}) {
  const backend = new CpuBackend(options);
  /** Writes `values` as a tensor of `shape` (default: 1-D) and `dtype` (default float32). */
  const input = (
    values: ArrayLike<number>,
    shape: number[] = [values.length],
    dtype: DType = 'float32',
  ): TensorInfo => {
    const array = allocArray(dtype, values.length);
    array.set(values);
    return { dataId: backend.write(array, shape, dtype), shape, dtype };
  };
  return {
    backend,
    kernels: backend.kernels,
    input,
    /** A float32 tensor of `shape` holding `randomValuesOf(shape, seed)`. */
    random: (shape: number[], seed: number): TensorInfo =>
      input(randomValuesOf(shape, seed), shape),
    /** The output's values as a plain array. */
    read(info: TensorInfo): number[] {
      return Array.from(backend.readSync(info.dataId));
    },
  };
}

/** Deterministic pseudo-random values in [-1, 1) (a small LCG, so tests need no seed plumbing). */
export function randomValues(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** `randomValues` for each element of `shape`. */
export function randomValuesOf(shape: readonly number[], seed = 1): number[] {
  return randomValues(
    shape.reduce((p, d) => p * d, 1),
    seed,
  );
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * The four ways one kernel can run, for tests that compare them bit for bit: wasm split across two
 * threads, wasm on one thread, wasm in private memory, and TypeScript. `ready` waits for the
 * workers; `dispose` stops them.
 */
export function kernelPathBackends() {
  const backends = {
    'wasm, two threads': new CpuBackend({ threads: 2 }),
    'wasm, one thread': new CpuBackend({ threads: 1 }),
    'wasm, private memory': new CpuBackend({ sharedMemory: false }),
    TypeScript: new CpuBackend({ simd: false }),
  };
  return {
    backends,
    ready: async (): Promise<void> => {
      await backends['wasm, two threads'].threadsReady();
    },
    dispose: (): void => {
      for (const b of Object.values(backends)) b.dispose();
    },
  };
}
