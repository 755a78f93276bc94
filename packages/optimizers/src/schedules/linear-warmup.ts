import { NON_NEGATIVE } from '../hyperparameters';
import { declareSchedule, integerFrom, numberIn } from './declare-schedule';
import { isSchedule, type LearningRateSchedule, serializeSchedule } from './learning-rate-schedule';

/** The fields of a `LinearWarmup`. */
interface LinearWarmupFields {
  warmupSteps: number;
  after: LearningRateSchedule | number;
  initialLearningRate: number;
}

const nonNegative = numberIn(NON_NEGATIVE);

/**
 * Rises linearly from `initialLearningRate` (default 0) at step 0 to the value `after` starts at,
 * over `warmupSteps`; then follows `after` (a schedule, restarted at step 0, or a constant).
 *
 * ```ts
 * const opt = adam(linearWarmup(500, cosineDecay(1e-3, 10000))); // 0 → 1e-3 in 500 steps, then decay
 * ```
 */
export class LinearWarmup extends declareSchedule<
  LinearWarmupFields,
  [warmupSteps: number, after: LearningRateSchedule | number, initialLearningRate?: number]
>({
  className: 'LinearWarmup',
  arguments: {
    warmupSteps: { configKey: 'warmup_steps', check: integerFrom(0) },
    // A schedule saves as its `{ class_name, config }`.
    after: {
      configKey: 'after',
      check: (owner, name, value) => (isSchedule(value) ? value : nonNegative(owner, name, value)),
      write: (v) => (typeof v === 'number' ? v : serializeSchedule(v)),
      read: (v, readSchedule) =>
        typeof v === 'number' ? v : readSchedule(v, 'LinearWarmup.after'),
    },
    initialLearningRate: { configKey: 'initial_learning_rate', default: 0, check: nonNegative },
  },
  positional: ['warmupSteps', 'after', 'initialLearningRate'],
}) {
  valueAt(step: number): number {
    this.checkStep(step);
    const afterAt = (s: number) =>
      typeof this.after === 'number' ? this.after : this.after.valueAt(s);
    if (step >= this.warmupSteps) return afterAt(step - this.warmupSteps);
    const target = afterAt(0);
    return (
      this.initialLearningRate + ((target - this.initialLearningRate) * step) / this.warmupSteps
    );
  }
}

/** `new LinearWarmup(...)`: see {@link LinearWarmup}. */
export function linearWarmup(
  warmupSteps: number,
  after: LearningRateSchedule | number,
  initialLearningRate = 0,
): LinearWarmup {
  return new LinearWarmup(warmupSteps, after, initialLearningRate);
}
