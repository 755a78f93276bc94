import { NON_NEGATIVE, POSITIVE } from '../hyperparameters';
import { aBoolean, declareSchedule, numberIn } from './declare-schedule';

/** The fields of an `ExponentialDecay`. */
interface ExponentialDecayFields {
  initialLearningRate: number;
  decaySteps: number;
  decayRate: number;
  staircase: boolean;
}

/**
 * `initialLearningRate · decayRate^(step / decaySteps)`, with the exponent floored when
 * `staircase` (Keras `ExponentialDecay`).
 *
 * ```ts
 * const opt = adam(exponentialDecay(1e-3, 10000, 0.96, true));
 * ```
 */
export class ExponentialDecay extends declareSchedule<
  ExponentialDecayFields,
  [initialLearningRate: number, decaySteps: number, decayRate: number, staircase?: boolean]
>({
  className: 'ExponentialDecay',
  arguments: {
    initialLearningRate: { configKey: 'initial_learning_rate', check: numberIn(NON_NEGATIVE) },
    decaySteps: { configKey: 'decay_steps', check: numberIn(POSITIVE) },
    decayRate: { configKey: 'decay_rate', check: numberIn(POSITIVE) },
    staircase: { configKey: 'staircase', default: false, check: aBoolean },
  },
  positional: ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase'],
  droppedConfigKeys: ['name'],
}) {
  valueAt(step: number): number {
    this.checkStep(step);
    const p = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }
}

/** `new ExponentialDecay(...)`: see {@link ExponentialDecay}. */
export function exponentialDecay(
  initialLearningRate: number,
  decaySteps: number,
  decayRate: number,
  staircase = false,
): ExponentialDecay {
  return new ExponentialDecay(initialLearningRate, decaySteps, decayRate, staircase);
}
