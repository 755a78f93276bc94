/**
 * A check that runs before a layer allocates a weight: `Layer.addWeight` calls `guardWeight` with
 * the weight's saved name, shape and dtype first. Outside loading it only checks the size against
 * core's limit; `loadModel` installs a guard that compares each weight with the file's manifest, so
 * a hostile file (a Dense of 1e8 units beside a 92-byte weights.bin) fails before anything that the
 * manifest does not pay for is allocated.
 */
import { assertAllocatable, type DType } from '@glia/core';

/** Throws when the weight `originalName` of `shape` and `dtype` may not be allocated. */
export type WeightGuard = (originalName: string, shape: readonly number[], dtype: DType) => void;

let active: WeightGuard | undefined;

/** Runs `fn` with `guard` checking every weight a layer creates in it (nesting restores the outer). */
export function withWeightGuard<T>(guard: WeightGuard, fn: () => T): T {
  const outer = active;
  active = guard;
  try {
    return fn();
  } finally {
    active = outer;
  }
}

/** Called by `addWeight` before it allocates: the size limit, then the active guard, if any. */
export function guardWeight(originalName: string, shape: readonly number[], dtype: DType): void {
  assertAllocatable(`addWeight '${originalName}'`, shape, dtype);
  active?.(originalName, shape, dtype);
}
