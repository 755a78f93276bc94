import { add, mul, sub } from '@glia/core';
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

/** Options of `momentum` (TF.js `MomentumOptimizer`). */
export interface MomentumOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: number | LearningRateSchedule;
  /** In [0, 1]; default 0.9. */
  momentum?: number;
  /** Default false. */
  useNesterov?: boolean;
}

/**
 * Gradient descent with momentum, as TF.js's `MomentumOptimizer` computes it, so that its saved
 * `.../momentum` slots mean the same in both: `accum = momentum · accum + grad`, then
 * `param -= lr · accum` (Nesterov: `param -= lr · (grad + momentum · accum)`). Same trajectory as
 * `sgd({ momentum })` at a constant learning rate.
 */
export class Momentum extends Optimizer {
  get className(): string {
    return 'Momentum';
  }
  readonly momentum: number;
  readonly useNesterov: boolean;

  constructor(options: MomentumOptions = {}) {
    super(options, 0.01);
    this.momentum = checkNumber('Momentum', 'momentum', options.momentum ?? 0.9, {
      min: 0,
      max: 1,
    });
    this.useNesterov = checkBoolean('Momentum', 'useNesterov', options.useNesterov ?? false);
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const accum = add(mul(slots.momentum!, this.momentum), grad);
    const direction = this.useNesterov ? add(grad, mul(accum, this.momentum)) : accum;
    return { param: sub(param, mul(direction, learningRate)), slots: { momentum: accum } };
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    return { momentum: this.momentum, use_nesterov: this.useNesterov };
  }
}

/**
 * Momentum (TF.js `tf.train.momentum`); defaults: learning rate 0.01, momentum 0.9.
 *
 * ```ts
 * const opt = momentum(0.01, 0.9, true); // Nesterov
 * ```
 */
export function momentum(options?: MomentumOptions): Momentum;
export function momentum(
  learningRate?: number | LearningRateSchedule,
  momentum?: number,
  useNesterov?: boolean,
): Momentum;
export function momentum(
  first?: number | LearningRateSchedule | MomentumOptions,
  momentumValue?: number,
  useNesterov?: boolean,
): Momentum {
  if (isOptionsObject(first)) return new Momentum(first);
  return new Momentum({ learningRate: first, momentum: momentumValue, useNesterov });
}
