import { add, div, mul, sqrt, square, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, NON_NEGATIVE, UNIT_INTERVAL } from './declare-optimizer';
import { optimizerFactory } from './factory';

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
export class RMSProp extends declareOptimizer<RMSPropOptions>({
  className: 'RMSProp',
  defaultLearningRate: 0.001,
  hyperparameters: {
    // Saved under `decay` too, the key TF.js reads.
    rho: { default: 0.9, range: UNIT_INTERVAL, configKeys: ['rho', 'decay'] },
    momentum: { default: 0, range: UNIT_INTERVAL, configKeys: ['momentum'] },
    epsilon: { default: 1e-7, range: NON_NEGATIVE, configKeys: ['epsilon'] },
    centered: { default: false, configKeys: ['centered'] },
  },
}) {
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
}

/**
 * RMSProp (Keras defaults: learning rate 0.001, ρ 0.9, momentum 0, ε 1e-7, not centered).
 *
 * ```ts
 * const opt = rmsprop(0.001, 0.9, 0.5);
 * ```
 */
export const rmsprop = optimizerFactory<
  RMSPropOptions,
  RMSProp,
  [rho?: number, momentum?: number, epsilon?: number, centered?: boolean]
>(RMSProp, ['rho', 'momentum', 'epsilon', 'centered']);
