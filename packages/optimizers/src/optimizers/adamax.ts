import { abs, add, div, maximum, mul, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { MOMENT_HYPERPARAMETERS } from './adam';
import { declareOptimizer } from './declare-optimizer';
import { optimizerFactory } from './factory';

/** Options of `adamax` (Keras `Adamax`). */
export interface AdamaxOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** In [0, 1); default 0.9. */
  beta1?: number;
  /** In [0, 1); default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax, Adam with the infinity norm, as Keras 3 and TF.js compute it: `m += (g - m)(1 - β₁)`,
 * `u = max(β₂·u, |g|)`, `param -= lr · m / ((1 - β₁ᵗ)(u + ε))`. Slots `m` and `v` (TF.js's names
 * for m and u).
 */
export class Adamax extends declareOptimizer<AdamaxOptions>({
  className: 'Adamax',
  defaultLearningRate: 0.001,
  hyperparameters: MOMENT_HYPERPARAMETERS,
  // TF.js's Adamax has a learning-rate `decay` (written as 0 by default); use a schedule instead.
  offConfigKeys: { decay: (v) => v === undefined || v === 0 },
}) {
  protected slotSpecs(): readonly SlotSpec[] {
    return [
      { name: 'm', initialValue: 0 },
      { name: 'v', initialValue: 0 },
    ];
  }

  protected updateParam({ param, grad, slots, learningRate, step }: UpdateContext): UpdateResult {
    const m = add(slots.m!, mul(sub(grad, slots.m!), 1 - this.beta1));
    const u = maximum(mul(slots.v!, this.beta2), abs(grad));
    const scale = learningRate / (1 - this.beta1 ** step);
    const update = div(mul(m, scale), add(u, this.epsilon));
    return { param: sub(param, update), slots: { m, v: u } };
  }
}

/**
 * Adamax (Keras defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7).
 *
 * ```ts
 * const opt = adamax(0.002);
 * ```
 */
export const adamax = optimizerFactory<
  AdamaxOptions,
  Adamax,
  [beta1?: number, beta2?: number, epsilon?: number]
>(Adamax, ['beta1', 'beta2', 'epsilon']);
