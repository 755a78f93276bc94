import { add, mul, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, UNIT_INTERVAL } from './declare-optimizer';
import { optimizerFactory } from './factory';

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
export class Momentum extends declareOptimizer<MomentumOptions>({
  className: 'Momentum',
  defaultLearningRate: 0.01,
  hyperparameters: {
    momentum: { default: 0.9, range: UNIT_INTERVAL, configKeys: ['momentum'] },
    // Keras's SGD calls it `nesterov`; configs with that key read too.
    useNesterov: { default: false, configKeys: ['use_nesterov'], alsoReadFrom: ['nesterov'] },
  },
}) {
  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: 'momentum', initialValue: 0 }];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const accum = add(mul(slots.momentum!, this.momentum), grad);
    const direction = this.useNesterov ? add(grad, mul(accum, this.momentum)) : accum;
    return { param: sub(param, mul(direction, learningRate)), slots: { momentum: accum } };
  }
}

/**
 * Momentum (TF.js `tf.train.momentum`); defaults: learning rate 0.01, momentum 0.9.
 *
 * ```ts
 * const opt = momentum(0.01, 0.9, true); // Nesterov
 * ```
 */
export const momentum = optimizerFactory<
  MomentumOptions,
  Momentum,
  [momentum?: number, useNesterov?: boolean]
>(Momentum, ['momentum', 'useNesterov']);
