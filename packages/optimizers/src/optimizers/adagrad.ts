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
export class Adagrad extends Optimizer {
  get className(): string {
    return 'Adagrad';
  }
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super(options, 0.001);
    this.initialAccumulatorValue = checkNumber(
      'Adagrad',
      'initialAccumulatorValue',
      options.initialAccumulatorValue ?? 0.1,
      { min: 0 },
    );
    this.epsilon = checkNumber('Adagrad', 'epsilon', options.epsilon ?? 1e-7, { min: 0 });
  }

  protected slotSpecs(): readonly SlotSpec[] {
    return [{ name: 'accumulator', initialValue: this.initialAccumulatorValue }];
  }

  protected updateParam({ param, grad, slots, learningRate }: UpdateContext): UpdateResult {
    const accumulator = add(slots.accumulator!, square(grad));
    const update = div(mul(grad, learningRate), sqrt(add(accumulator, this.epsilon)));
    return { param: sub(param, update), slots: { accumulator } };
  }

  protected hyperparameterConfig(): Record<string, unknown> {
    return { initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}

/**
 * AdaGrad (Keras defaults: learning rate 0.001, initial accumulator 0.1, ε 1e-7).
 *
 * ```ts
 * const opt = adagrad(0.1);
 * ```
 */
export function adagrad(options?: AdagradOptions): Adagrad;
export function adagrad(
  learningRate?: number | LearningRateSchedule,
  initialAccumulatorValue?: number,
): Adagrad;
export function adagrad(
  first?: number | LearningRateSchedule | AdagradOptions,
  initialAccumulatorValue?: number,
): Adagrad {
  if (isOptionsObject(first)) return new Adagrad(first);
  return new Adagrad({ learningRate: first, initialAccumulatorValue });
}
