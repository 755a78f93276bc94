import { add, div, mul, sqrt, square, sub } from '@glia/core';
import type { OptimizerOptions, SlotSpec, UpdateContext, UpdateResult } from '../optimizer';
import type { LearningRateSchedule } from '../schedules';
import { declareOptimizer, NON_NEGATIVE } from './declare-optimizer';
import { optimizerFactory } from './factory';

/** Options of `adagrad` (Keras `Adagrad`). */
export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: number | LearningRateSchedule;
  /** The accumulator's starting value, >= 0; default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * AdaGrad, as Keras 3 and TF.js compute it: `acc += g²`, `param -= lr · g / √(acc + ε)`.
 * Slot `accumulator`.
 */
export class Adagrad extends declareOptimizer<AdagradOptions>({
  className: 'Adagrad',
  defaultLearningRate: 0.001,
  hyperparameters: {
    initialAccumulatorValue: {
      default: 0.1,
      range: NON_NEGATIVE,
      configKeys: ['initial_accumulator_value'],
    },
    epsilon: { default: 1e-7, range: NON_NEGATIVE, configKeys: ['epsilon'] },
  },
}) {
  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: 'accumulator', initialValue: this.initialAccumulatorValue }];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const accumulator = add(slots.accumulator!, square(grad));
    const update = div(mul(grad, learningRate), sqrt(add(accumulator, this.epsilon)));
    return { param: sub(param, update), slots: { accumulator } };
  }
}

/**
 * AdaGrad (Keras defaults: learning rate 0.001, initial accumulator 0.1, ε 1e-7).
 *
 * ```ts
 * const opt = adagrad(0.1);
 * ```
 */
export const adagrad = optimizerFactory<
  AdagradOptions,
  Adagrad,
  [initialAccumulatorValue?: number]
>(Adagrad, ['initialAccumulatorValue']);
