import { adamUpdate, add, div, maximum, mul, sqrt, square, sub } from '@glia/core';
import { checkBoolean, checkNumber } from '../hyperparameters';
import {
  Optimizer,
  type OptimizerOptions,
  type SlotSpec,
  type UpdateContext,
  type UpdateResult,
} from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { isOptionsObject } from './options';

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

/**
 * Adam, as Keras 3 computes it: `m += (g - m)(1 - β₁)`, `v += (g² - v)(1 - β₂)`,
 * `param -= lr·√(1 - β₂ᵗ)/(1 - β₁ᵗ) · m / (√v + ε)`. TF.js instead divides by `√v̂ + ε` with
 * `v̂ = v/(1 - β₂ᵗ)`, which puts ε on the bias-corrected scale: the two differ by ε-sized amounts.
 * Slots `m`, `v` (and `vhat` with AMSGrad, which TF.js lacks).
 */
export class Adam extends Optimizer {
  get className(): string {
    return 'Adam';
  }
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super(options, 0.001);
    const owner = this.className;
    const unit = { min: 0, max: 1, maxExclusive: true };
    this.beta1 = checkNumber(owner, 'beta1', options.beta1 ?? 0.9, unit);
    this.beta2 = checkNumber(owner, 'beta2', options.beta2 ?? 0.999, unit);
    this.epsilon = checkNumber(owner, 'epsilon', options.epsilon ?? 1e-7, { min: 0 });
    this.amsgrad = checkBoolean(owner, 'amsgrad', options.amsgrad ?? false);
  }

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
    const m = add(slots.m!, mul(sub(grad, slots.m!), 1 - this.beta1));
    const v = add(slots.v!, mul(sub(square(grad), slots.v!), 1 - this.beta2));
    const newSlots: Record<string, typeof m> = { m, v };
    let denominatorBase = v;
    if (this.amsgrad) {
      newSlots.vhat = maximum(slots.vhat!, v);
      denominatorBase = newSlots.vhat;
    }
    const update = div(mul(m, alpha), add(sqrt(denominatorBase), this.epsilon));
    return { param: sub(param, update), slots: newSlots };
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    return {
      beta_1: this.beta1,
      beta_2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
    };
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
export function adam(options?: AdamOptions): Adam;
export function adam(
  learningRate?: number | LearningRateSchedule,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): Adam;
export function adam(
  first?: number | LearningRateSchedule | AdamOptions,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): Adam {
  if (isOptionsObject(first)) return new Adam(first);
  return new Adam({ learningRate: first, beta1, beta2, epsilon });
}
