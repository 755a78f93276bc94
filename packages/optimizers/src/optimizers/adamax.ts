import { abs, add, div, maximum, mul, sub } from '@glia/core';
import { checkNumber } from '../hyperparameters';
import {
  Optimizer,
  type OptimizerOptions,
  type SlotSpec,
  type UpdateContext,
  type UpdateResult,
} from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { isOptionsObject } from './options';

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
export class Adamax extends Optimizer {
  get className(): string {
    return 'Adamax';
  }
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamaxOptions = {}) {
    super(options, 0.001);
    const unit = { min: 0, max: 1, maxExclusive: true };
    this.beta1 = checkNumber('Adamax', 'beta1', options.beta1 ?? 0.9, unit);
    this.beta2 = checkNumber('Adamax', 'beta2', options.beta2 ?? 0.999, unit);
    this.epsilon = checkNumber('Adamax', 'epsilon', options.epsilon ?? 1e-7, { min: 0 });
  }

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

  protected hyperparameterConfig(): Record<string, unknown> {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * Adamax (Keras defaults: learning rate 0.001, β₁ 0.9, β₂ 0.999, ε 1e-7).
 *
 * ```ts
 * const opt = adamax(0.002);
 * ```
 */
export function adamax(options?: AdamaxOptions): Adamax;
export function adamax(
  learningRate?: number | LearningRateSchedule,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): Adamax;
export function adamax(
  first?: number | LearningRateSchedule | AdamaxOptions,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): Adamax {
  if (isOptionsObject(first)) return new Adamax(first);
  return new Adamax({ learningRate: first, beta1, beta2, epsilon });
}
