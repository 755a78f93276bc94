import { Adam, type AdamOptions } from './adam';
import { optimizerFactory } from './factory';

/** Options of `adamW` (Keras `AdamW`): Adam's, with `weightDecay` defaulting to 0.004. */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay; default 0.004 (Keras). */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), as Keras 3 computes it: first
 * `param -= param · weightDecay · lr`, then the Adam update. Exclude parameters (biases, norms)
 * with `excludeFromWeightDecay`. TF.js has no AdamW.
 */
export class AdamW extends Adam {
  override get className(): string {
    return 'AdamW';
  }

  constructor(options: AdamWOptions = {}) {
    // Anything but an object goes to the base class's options check as it is.
    super(
      typeof options === 'object' && options !== null
        ? { ...options, weightDecay: options.weightDecay ?? 0.004 }
        : options,
    );
  }
}

/**
 * AdamW (Keras defaults: learning rate 0.001, weight decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7).
 *
 * ```ts
 * const opt = adamW(1e-3, 0.01);
 * opt.excludeFromWeightDecay(['/bias']);
 * ```
 */
export const adamW = optimizerFactory<
  AdamWOptions,
  AdamW,
  [weightDecay?: number, beta1?: number, beta2?: number, epsilon?: number]
>(AdamW, ['weightDecay', 'beta1', 'beta2', 'epsilon']);
