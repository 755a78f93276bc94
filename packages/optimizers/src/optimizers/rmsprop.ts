import { add, div, mul, sqrt, square, sub } from '@glia/core';
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

/** Options of `rmsprop` (Keras `RMSprop`, TF.js `RMSPropOptimizer`). */
export interface RMSPropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** Decay of the mean square, in [0, 1] (TF.js calls it `decay`); default 0.9. */
  rho?: number;
  /** In [0, 1]; default 0. */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Divide by the variance instead of the mean square; default false. */
  centered?: boolean;
}

/**
 * RMSProp, as Keras 3 computes it: `rms = ρ·rms + (1 - ρ)·g²`,
 * `increment = lr · g / √(rms + ε)` (centered: `√(rms - mg² + ε)` with `mg = ρ·mg + (1 - ρ)·g`),
 * then `param -= increment`, or with momentum `mom = momentum·mom + increment; param -= mom`.
 * TF.js agrees except centered, where it computes `√(rms - mg² - ε)`. Slots (TF.js's names):
 * `rms`, `momentum` when momentum > 0, `mg` when centered.
 */
export class RMSProp extends Optimizer {
  get className(): string {
    return 'RMSProp';
  }
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options: RMSPropOptions = {}) {
    super(options, 0.001);
    const owner = 'RMSProp';
    this.rho = checkNumber(owner, 'rho', options.rho ?? 0.9, { min: 0, max: 1 });
    this.momentum = checkNumber(owner, 'momentum', options.momentum ?? 0, { min: 0, max: 1 });
    this.epsilon = checkNumber(owner, 'epsilon', options.epsilon ?? 1e-7, { min: 0 });
    this.centered = checkBoolean(owner, 'centered', options.centered ?? false);
  }

  protected slotSpecs(): readonly SlotSpec[] {
    const specs: SlotSpec[] = [{ name: 'rms', initialValue: 0 }];
    if (this.momentum > 0) specs.push({ name: 'momentum', initialValue: 0 });
    if (this.centered) specs.push({ name: 'mg', initialValue: 0 });
    return specs;
  }

  /** TF.js always saves `momentum`; without momentum its value never matters. */
  protected override ignoredSlotNames(): readonly string[] {
    return ['momentum'];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const rms = add(mul(slots.rms!, this.rho), mul(square(grad), 1 - this.rho));
    const newSlots: Record<string, typeof rms> = { rms };
    let denominator = add(rms, this.epsilon);
    if (this.centered) {
      const mg = add(mul(slots.mg!, this.rho), mul(grad, 1 - this.rho));
      newSlots.mg = mg;
      denominator = add(sub(rms, square(mg)), this.epsilon);
    }
    const increment = div(mul(grad, learningRate), sqrt(denominator));
    if (this.momentum === 0) return { param: sub(param, increment), slots: newSlots };
    const mom = add(mul(slots.momentum!, this.momentum), increment);
    newSlots.momentum = mom;
    return { param: sub(param, mom), slots: newSlots };
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    // `decay` repeats `rho` under the key TF.js reads.
    return {
      rho: this.rho,
      decay: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}

/**
 * RMSProp (Keras defaults: learning rate 0.001, ρ 0.9, momentum 0, ε 1e-7, not centered).
 *
 * ```ts
 * const opt = rmsprop(0.001, 0.9, 0.5);
 * ```
 */
export function rmsprop(options?: RMSPropOptions): RMSProp;
export function rmsprop(
  learningRate?: number | LearningRateSchedule,
  rho?: number,
  momentum?: number,
  epsilon?: number,
  centered?: boolean,
): RMSProp;
export function rmsprop(
  first?: number | LearningRateSchedule | RMSPropOptions,
  rho?: number,
  momentum?: number,
  epsilon?: number,
  centered?: boolean,
): RMSProp {
  if (isOptionsObject(first)) return new RMSProp(first);
  return new RMSProp({ learningRate: first, rho, momentum, epsilon, centered });
}
