import type { KernelName } from '../kernels/kernel-table';
import { addProfileHook, memory } from './engine';

/** Per-kernel time and call count from `profile()`. */
export interface KernelProfile {
  kernelName: KernelName;
  count: number;
  totalMs: number;
}

/** What `profile()` returns. */
export interface ProfileInfo<T> {
  result: T;
  /** Kernels that ran (nested ones in compositions too), slowest total first. */
  kernels: KernelProfile[];
  /** Tensors alive after minus before. */
  newTensors: number;
  /** Bytes alive after minus before. */
  newBytes: number;
}

/**
 * Runs `fn` and reports the time and count of every kernel it ran.
 *
 * ```ts
 * const { kernels } = await profile(() => matMul(a, b));
 * ```
 */
export async function profile<T>(fn: () => T | Promise<T>): Promise<ProfileInfo<T>> {
  const before = memory();
  const stats = new Map<KernelName, KernelProfile>();
  const remove = addProfileHook((kernelName, ms) => {
    const s = stats.get(kernelName) ?? { kernelName, count: 0, totalMs: 0 };
    s.count++;
    s.totalMs += ms;
    stats.set(kernelName, s);
  });
  try {
    const result = await fn();
    const after = memory();
    return {
      result,
      kernels: [...stats.values()].sort((a, b) => b.totalMs - a.totalMs),
      newTensors: after.numTensors - before.numTensors,
      newBytes: after.numBytes - before.numBytes,
    };
  } finally {
    remove();
  }
}
