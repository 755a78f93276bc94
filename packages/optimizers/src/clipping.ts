/**
 * Gradient clipping, as Keras does it: by value (elementwise), by norm (each tensor on its own) and
 * by global norm (all the gradients of one step together, keeping their relative sizes).
 */
import {
  add,
  clipByValue,
  defineOp,
  div,
  maximum,
  mul,
  sqrt,
  square,
  sum,
  type Tensor,
  ValueError,
} from '@glia/core';
import { checkNumber } from './hyperparameters';

/** The clipping options every optimizer takes; at most one may be set, as in Keras. */
export interface ClippingOptions {
  /** Clip each gradient element into `[-clipValue, clipValue]` (Keras `clipvalue`). */
  clipValue?: number;
  /** Rescale each gradient whose L2 norm exceeds `clipNorm` to that norm (Keras `clipnorm`). */
  clipNorm?: number;
  /**
   * Rescale all the gradients of one `applyGradients` call by `globalClipNorm / max(globalNorm,
   * globalClipNorm)`, where `globalNorm` is the L2 norm of all of them together (Keras
   * `global_clipnorm`).
   */
  globalClipNorm?: number;
}

/** Checks clipping options for `owner`; returns only those set. */
export function checkClipping(owner: string, options: ClippingOptions): ClippingOptions {
  const set = (['clipValue', 'clipNorm', 'globalClipNorm'] as const).filter(
    (k) => options[k] !== undefined && options[k] !== null,
  );
  if (set.length > 1) {
    throw new ValueError(
      `${owner}: only one of clipValue, clipNorm and globalClipNorm may be set, got ${set.join(' and ')}`,
    );
  }
  const out: ClippingOptions = {};
  for (const k of set) out[k] = checkNumber(owner, k, options[k], { min: 0, minExclusive: true });
  return out;
}

/**
 * The L2 norm of all the elements of all `tensors`, as a scalar tensor.
 *
 * ```ts
 * globalNorm([tensor([3]), tensor([4])]); // 5
 * ```
 */
export const globalNorm = defineOp('globalNorm(tensors)', (tensors: readonly Tensor[]): Tensor => {
  let total: Tensor | number = 0;
  for (const t of tensors) total = add(sum(square(t)), total);
  return sqrt(total);
});

/**
 * `x · clipNorm / max(‖x‖₂, clipNorm)`: `x` unchanged when its norm is at most `clipNorm`, else
 * rescaled to that norm.
 *
 * ```ts
 * clipByNorm(tensor([3, 4]), 1); // [0.6, 0.8]
 * ```
 */
export const clipByNorm = defineOp(
  'clipByNorm(x, clipNorm)',
  (x: Tensor, clipNorm: number): Tensor => {
    checkNumber('clipByNorm', 'clipNorm', clipNorm, { min: 0, minExclusive: true });
    return mul(x, div(clipNorm, maximum(globalNorm([x]), clipNorm)));
  },
);

/**
 * Every tensor times `clipNorm / max(globalNorm(tensors), clipNorm)`: the set keeps its direction
 * and its global norm becomes at most `clipNorm`.
 *
 * ```ts
 * clipByGlobalNorm([tensor([3]), tensor([4])], 1); // [[0.6], [0.8]]
 * ```
 */
export const clipByGlobalNorm = defineOp(
  'clipByGlobalNorm(tensors, clipNorm)',
  (tensors: readonly Tensor[], clipNorm: number): Tensor[] => {
    checkNumber('clipByGlobalNorm', 'clipNorm', clipNorm, { min: 0, minExclusive: true });
    const scale = div(clipNorm, maximum(globalNorm(tensors), clipNorm));
    return tensors.map((t) => mul(t, scale));
  },
);

/** Applies the (already checked) clipping option to one step's gradients. */
export function clipGradients(grads: readonly Tensor[], options: ClippingOptions): Tensor[] {
  const { clipValue, clipNorm, globalClipNorm } = options;
  if (clipValue !== undefined) return grads.map((g) => clipByValue(g, -clipValue, clipValue));
  if (clipNorm !== undefined) return grads.map((g) => clipByNorm(g, clipNorm));
  if (globalClipNorm !== undefined) return clipByGlobalNorm(grads, globalClipNorm);
  return [...grads];
}
