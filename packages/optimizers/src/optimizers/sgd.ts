import { add, mul, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, UNIT_INTERVAL } from './declare-optimizer';
import { optimizerFactory } from './factory';

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
export class SGD extends declareOptimizer<SGDOptions>({
  className: 'SGD',
  defaultLearningRate: 0.01,
  hyperparameters: {
    momentum: { default: 0, range: UNIT_INTERVAL, configKeys: ['momentum'] },
    nesterov: { default: false, configKeys: ['nesterov'] },
  },
}) {
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
}

/**
 * Stochastic gradient descent (Keras defaults: learning rate 0.01, no momentum).
 *
 * ```ts
 * const opt = sgd(0.1);
 * const withMomentum = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * ```
 */
export const sgd = optimizerFactory<SGDOptions, SGD, []>(SGD, []);
