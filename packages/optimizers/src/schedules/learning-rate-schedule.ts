/**
 * The base of learning-rate schedules: pure functions of the step (the optimizer's `iterations`
 * before the update, so the first update uses step 0, as in Keras), serialised as Keras does,
 * `{ class_name, config }` with snake_case keys.
 */
import { checkNumber } from '../hyperparameters';

/** A learning rate that depends on the step. Subclass it for a schedule of your own. */
export abstract class LearningRateSchedule {
  /** The name it serialises under (`ExponentialDecay`, ...). */
  abstract readonly className: string;

  /** The learning rate at `step` (0 for the first update). */
  abstract valueAt(step: number): number;

  /** Keras-style config: snake_case keys, numbers and nested schedules' serialisations. */
  abstract getConfig(): Record<string, unknown>;

  /** @internal checks a step before subclasses use it. */
  protected checkStep(step: number): number {
    return checkNumber(`${this.className}.valueAt`, 'step', step, { min: 0 });
  }
}

/** The serialised form of a schedule: `{ class_name, config }`, as Keras writes it. */
export interface ScheduleSerialization {
  class_name: string;
  config: Record<string, unknown>;
}

/** `{ class_name, config }` for `schedule`. */
export function serializeSchedule(schedule: LearningRateSchedule): ScheduleSerialization {
  return { class_name: schedule.className, config: schedule.getConfig() };
}

/** Whether `x` is a learning-rate schedule. */
export function isSchedule(x: unknown): x is LearningRateSchedule {
  return x instanceof LearningRateSchedule;
}
