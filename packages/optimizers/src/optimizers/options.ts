import { isSchedule, type LearningRateSchedule } from '../schedules';

/** Whether a factory's first argument is an options object (not a number or a schedule). */
export function isOptionsObject<T extends object>(
  first: number | LearningRateSchedule | T | undefined,
): first is T {
  return typeof first === 'object' && first !== null && !isSchedule(first);
}
