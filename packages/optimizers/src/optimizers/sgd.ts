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

/** Options of `sgd` (Keras `SGD`). */
export interface SGDOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: number | LearningRateSchedule;
  /** In [0, 1]; default 0 (plain gradient descent, no slot). */
  momentum?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, with optional (Nesterov) momentum, as Keras 3 computes it:
 * `param -= lr · grad`; with momentum `m = momentum · m - lr · grad`, then `param += m`
 * (Nesterov: `param += momentum · m - lr · grad`). The velocity `m` carries the learning rate, so
 * under a schedule it differs from `Momentum` (TF.js's form); with a constant rate both agree.
 */
export class SGD extends Optimizer {
  get className(): string {
    return 'SGD';
  }
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super(options, 0.01);
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, { min: 0, max: 1 });
    this.nesterov = checkBoolean('SGD', 'nesterov', options.nesterov ?? false);
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return this.momentum > 0 ? [{ name: 'momentum', initialValue: 0 }] : [];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const step = mul(grad, learningRate);
    if (this.momentum === 0) return { param: sub(param, step), slots: {} };
    const m = sub(mul(slots.momentum!, this.momentum), step);
    const delta = this.nesterov ? sub(mul(m, this.momentum), step) : m;
    return { param: add(param, delta), slots: { momentum: m } };
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * Stochastic gradient descent (Keras defaults: learning rate 0.01, no momentum).
 *
 * ```ts
 * const opt = sgd(0.1);
 * const withMomentum = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export function sgd(options?: SGDOptions): SGD;
export function sgd(learningRate?: number | LearningRateSchedule): SGD;
export function sgd(first?: number | LearningRateSchedule | SGDOptions): SGD {
  return new SGD(isOptionsObject(first) ? first : { learningRate: first });
}
