import { add, div, mul, sqrt, square, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, NON_NEGATIVE, UNIT_INTERVAL } from './declare-optimizer';
import { optimizerFactory } from './factory';

/** Options of `adadelta` (Keras `Adadelta`). */
export interface AdadeltaOptions extends OptimizerOptions {
  /** Default 0.001 (Keras; the paper and TF.js's `getOptimizer('adadelta')` use 1). */
  learningRate?: number | LearningRateSchedule;
  /** Decay of both accumulators, in [0, 1]; default 0.95. */
  rho?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta, as Keras 3 computes it: `ag = ρ·ag + (1 - ρ)·g²`,
 * `Δ = √(av + ε) / √(ag + ε) · g`, `av = ρ·av + (1 - ρ)·Δ²`, `param -= lr · Δ`. TF.js divides by
 * the accumulator from *before* this step's gradient (`√(ag_old + ε)`), so its steps are larger at
 * first. Slots `accum_grad`, `accum_var`.
 */
export class Adadelta extends declareOptimizer<AdadeltaOptions>({
  className: 'Adadelta',
  defaultLearningRate: 0.001,
  hyperparameters: {
    rho: { default: 0.95, range: UNIT_INTERVAL, configKeys: ['rho'] },
    epsilon: { default: 1e-7, range: NON_NEGATIVE, configKeys: ['epsilon'] },
  },
}) {
  protected slotSpecs(): readonly SlotSpec[] {
    return [
      { name: 'accum_grad', initialValue: 0 },
      { name: 'accum_var', initialValue: 0 },
    ];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const rho = this.rho;
    const accumGrad = add(mul(slots.accum_grad!, rho), mul(square(grad), 1 - rho));
    const delta = mul(
      div(sqrt(add(slots.accum_var!, this.epsilon)), sqrt(add(accumGrad, this.epsilon))),
      grad,
    );
    const accumVar = add(mul(slots.accum_var!, rho), mul(square(delta), 1 - rho));
    return {
      param: sub(param, mul(delta, learningRate)),
      slots: { accum_grad: accumGrad, accum_var: accumVar },
    };
  }
}

/**
 * Adadelta (Keras defaults: learning rate 0.001, ρ 0.95, ε 1e-7).
 *
 * ```ts
 * const opt = adadelta(1.0); // the paper's setting
 * ```
 */
export const adadelta = optimizerFactory<
  AdadeltaOptions,
  Adadelta,
  [rho?: number, epsilon?: number]
>(Adadelta, ['rho', 'epsilon']);
