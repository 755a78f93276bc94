/**
 * Learning-rate schedules: pure functions of the step (the optimizer's `iterations` before the
 * update, so the first update uses step 0, as in Keras). Pass one as an optimizer's `learningRate`.
 * Each serialises as Keras does, `{ class_name, config }` with snake_case keys, and comes back
 * through `scheduleFromConfig`. Each is declared once (`schedules/declare-schedule.ts`): its
 * arguments' config keys, defaults and checks.
 */
export { CosineDecay, type CosineDecayOptions, cosineDecay } from './schedules/cosine-decay';
export { ExponentialDecay, exponentialDecay } from './schedules/exponential-decay';
export {
  isSchedule,
  LearningRateSchedule,
  type ScheduleSerialization,
  serializeSchedule,
} from './schedules/learning-rate-schedule';
export { LinearWarmup, linearWarmup } from './schedules/linear-warmup';
export {
  PiecewiseConstantDecay,
  piecewiseConstantDecay,
} from './schedules/piecewise-constant-decay';
export {
  SCHEDULE_CLASS_NAMES,
  scheduleFromConfig,
  scheduleFromSerialization,
} from './schedules/schedule-registry';
export { StepDecay, stepDecay } from './schedules/step-decay';
