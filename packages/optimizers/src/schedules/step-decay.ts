import { NON_NEGATIVE, POSITIVE } from '../hyperparameters';
import { declareSchedule, integerFrom, numberIn } from './declare-schedule';

/** The fields of a `StepDecay`. */
interface StepDecayFields {
  initialLearningRate: number;
  stepSize: number;
  gamma: number;
}

/**
 * `initialLearningRate · gamma^floor(step / stepSize)`: the rate drops by `gamma` every `stepSize`
 * steps (PyTorch's `StepLR`; the same as `exponentialDecay(lr, stepSize, gamma, true)`).
 *
 * ```ts
 * const opt = sgd(stepDecay(0.1, 1000, 0.5)); // 0.1, then 0.05 from step 1000, ...
 * ```
 */
export class StepDecay extends declareSchedule<
  StepDecayFields,
  [initialLearningRate: number, stepSize: number, gamma?: number]
>({
  className: 'StepDecay',
  arguments: {
    initialLearningRate: { configKey: 'initial_learning_rate', check: numberIn(NON_NEGATIVE) },
    stepSize: { configKey: 'step_size', check: integerFrom(1) },
    gamma: { configKey: 'gamma', default: 0.1, check: numberIn(POSITIVE) },
  },
  positional: ['initialLearningRate', 'stepSize', 'gamma'],
}) {
  valueAt(step: number): number {
    this.checkStep(step);
    return this.initialLearningRate * this.gamma ** Math.floor(step / this.stepSize);
  }
}

/** `new StepDecay(initialLearningRate, stepSize, gamma)`: see {@link StepDecay}. */
export function stepDecay(initialLearningRate: number, stepSize: number, gamma = 0.1): StepDecay {
  return new StepDecay(initialLearningRate, stepSize, gamma);
}
