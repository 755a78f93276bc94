import { add, div, mul, sqrt, square, sub } from '@glia/core';
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
export class Adadelta extends Optimizer {
  get className(): string {
    return 'Adadelta';
  }
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    super(options, 0.001);
    this.rho = checkNumber('Adadelta', 'rho', options.rho ?? 0.95, { min: 0, max: 1 });
    this.epsilon = checkNumber('Adadelta', 'epsilon', options.epsilon ?? 1e-7, { min: 0 });
  }

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

  protected hyperparameterConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}

/**
 * Adadelta (Keras defaults: learning rate 0.001, ρ 0.95, ε 1e-7).
 *
 * ```ts
 * const opt = adadelta(1.0); // the paper's setting
 * ```
 */
export function adadelta(options?: AdadeltaOptions): Adadelta;
export function adadelta(
  learningRate?: number | LearningRateSchedule,
  rho?: number,
  epsilon?: number,
): Adadelta;
export function adadelta(
  first?: number | LearningRateSchedule | AdadeltaOptions,
  rho?: number,
  epsilon?: number,
): Adadelta {
  if (isOptionsObject(first)) return new Adadelta(first);
  return new Adadelta({ learningRate: first, rho, epsilon });
}
