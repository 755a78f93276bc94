import { adamUpdate, add, div, maximum, mul, sqrt, square, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, NON_NEGATIVE, UNIT_INTERVAL_OPEN_ABOVE } from './declare-optimizer';
import { optimizerFactory } from './factory';

/** Options of `adam` (Keras `Adam`). */
export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Decay of the first moment, in [0, 1); default 0.9. */
  beta1?: number;
  /** Decay of the second moment, in [0, 1); default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Use the maximum of past second moments (AMSGrad); default false. */
  amsgrad?: boolean;
}

/** β₁, β₂ and ε, as Adam and Adamax take them (Keras's defaults and keys). */
export const MOMENT_HYPERPARAMETERS = {
  beta1: { default: 0.9, range: UNIT_INTERVAL_OPEN_ABOVE, configKeys: ['beta_1'] },
  beta2: { default: 0.999, range: UNIT_INTERVAL_OPEN_ABOVE, configKeys: ['beta_2'] },
  epsilon: { default: 1e-7, range: NON_NEGATIVE, configKeys: ['epsilon'] },
};

/**
 * Adam, as Keras 3 computes it: `m += (g - m)(1 - β₁)`, `v += (g² - v)(1 - β₂)`,
 * `param -= lr·√(1 - β₂ᵗ)/(1 - β₁ᵗ) · m / (√v + ε)`. TF.js instead divides by `√v̂ + ε` with
 * `v̂ = v/(1 - β₂ᵗ)`, which puts ε on the bias-corrected scale: the two differ by ε-sized amounts.
 * Slots `m`, `v` (and `vhat` with AMSGrad, which TF.js lacks).
 */
export class Adam extends declareOptimizer<AdamOptions>({
  className: 'Adam',
  defaultLearningRate: 0.001,
  hyperparameters: {
    ...MOMENT_HYPERPARAMETERS,
    amsgrad: { default: false, configKeys: ['amsgrad'] },
  },
}) {
  protected slotSpecs(): readonly SlotSpec[] {
    const specs = [
      { name: 'm', initialValue: 0 },
      { name: 'v', initialValue: 0 },
    ];
    return this.amsgrad ? [...specs, { name: 'vhat', initialValue: 0 }] : specs;
  }

  protected updateParam({ param, grad, slots, learningRate, step }: UpdateContext): UpdateResult {
    const alpha = (learningRate * Math.sqrt(1 - this.beta2 ** step)) / (1 - this.beta1 ** step);
    if (!this.amsgrad) {
      // One fused kernel (the same bits as the ops below, in one pass where the backend has it).
      const { beta1, beta2, epsilon } = this;
      const next = adamUpdate(param, grad, slots.m!, slots.v!, { alpha, beta1, beta2, epsilon });
      return { param: next.param, slots: { m: next.m, v: next.v } };
    }
    // AMSGrad: divide by the largest second moment seen so far.
    const m = add(slots.m!, mul(sub(grad, slots.m!), 1 - this.beta1));
    const v = add(slots.v!, mul(sub(square(grad), slots.v!), 1 - this.beta2));
    const vhat = maximum(slots.vhat!, v);
    const update = div(mul(m, alpha), add(sqrt(vhat), this.epsilon));
    return { param: sub(param, update), slots: { m, v, vhat } };
  }
}

/**
 * Adam (Keras defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7).
 *
 * ```ts
 * const opt = adam(0.01);
 * const clipped = adam({ learningRate: 0.01, globalClipNorm: 1, amsgrad: true });
 * ```
 */
export const adam = optimizerFactory<
  AdamOptions,
  Adam,
  [beta1?: number, beta2?: number, epsilon?: number]
>(Adam, ['beta1', 'beta2', 'epsilon']);
