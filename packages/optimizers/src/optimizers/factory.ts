/**
 * The TF.js-style factories (`adam(0.01)`, `adam(0.01, 0.9)`, `adam({ ... })`), made once for all
 * optimizers from the class and the names of its positional arguments.
 */
import { ValueError } from '@glia/core';
import { isSchedule, type LearningRateSchedule } from '../schedules';

/**
 * A factory: an options object, or the learning rate followed by the positional arguments `P`
 * (TF.js's order; `undefined` takes the default).
 */
export interface OptimizerFactory<O, T, P extends unknown[]> {
  (options?: O): T;
  (learningRate?: number | LearningRateSchedule, ...positional: P): T;
}

/** Whether a factory's first argument is an options object (not a number or a schedule). */
export function isOptionsObject<T extends object>(
  first: number | LearningRateSchedule | T | undefined,
): first is T {
  return typeof first === 'object' && first !== null && !isSchedule(first);
}

/**
 * The factory of an optimizer class; `positionalNames` are the options the arguments after the
 * learning rate set, in order.
 */
export function optimizerFactory<O extends object, T, P extends unknown[]>(
  OptimizerClass: new (options: O) => T,
  positionalNames: { [I in keyof P]: keyof O },
): OptimizerFactory<O, T, P> {
  return (first?: number | LearningRateSchedule | O, ...positional: unknown[]): T => {
    // More arguments than TF.js' order has would be silently dropped.
    const most = isOptionsObject(first) ? 0 : positionalNames.length;
    if (positional.length > most) {
      const names = ['learningRate', ...(positionalNames as string[])].join(', ');
      throw new ValueError(
        `${OptimizerClass.name}: got ${1 + positional.length} arguments: expected (${names}) or one options object`,
      );
    }
    if (isOptionsObject(first)) return new OptimizerClass(first);
    const options: Record<string, unknown> = { learningRate: first };
    positionalNames.forEach((name, i) => {
      options[name as string] = positional[i];
    });
    return new OptimizerClass(options as O);
  };
}
