/**
 * Checks of hyperparameter values, shared by optimizers and schedules. Each throws a `ValueError`
 * that names the owner (`Adam`, `ExponentialDecay`, ...), the argument and what was expected.
 */
import { ValueError } from '@glia/core';

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  return typeof value;
}

/** The range a numeric hyperparameter must lie in (see `checkNumber`). */
export interface NumberRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** `x >= 0`: epsilons, accumulators. */
export const NON_NEGATIVE: NumberRange = Object.freeze({ min: 0 });
/** `0 <= x <= 1`: decay rates, momentum. */
export const UNIT_INTERVAL: NumberRange = Object.freeze({ min: 0, max: 1 });
/** `0 <= x < 1`: Adam's moment decays (1 would divide by zero in the bias correction). */
export const UNIT_INTERVAL_OPEN_ABOVE: NumberRange = Object.freeze({
  min: 0,
  max: 1,
  maxExclusive: true,
});
/** `x > 0`: decay steps and rates. */
export const POSITIVE: NumberRange = Object.freeze({ min: 0, minExclusive: true });

/** A finite number >= `min` (and <= `max`, or < `max` when `maxExclusive`). */
export function checkNumber(
  owner: string,
  argName: string,
  value: unknown,
  range: NumberRange = {},
): number {
  const { min, max, minExclusive = false, maxExclusive = false } = range;
  const fails =
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    (min !== undefined && (minExclusive ? value <= min : value < min)) ||
    (max !== undefined && (maxExclusive ? value >= max : value > max));
  if (fails) {
    const parts: string[] = [];
    if (min !== undefined) parts.push(`${minExclusive ? '>' : '>='} ${min}`);
    if (max !== undefined) parts.push(`${maxExclusive ? '<' : '<='} ${max}`);
    const wanted = parts.length ? `a finite number ${parts.join(' and ')}` : 'a finite number';
    throw new ValueError(`${owner}: ${argName} is ${describe(value)}: expected ${wanted}`);
  }
  return value as number;
}

/** A whole number >= `min`. */
export function checkInteger(owner: string, argName: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(
      `${owner}: ${argName} is ${describe(value)}: expected an integer >= ${min}`,
    );
  }
  return value;
}

/** A boolean. */
export function checkBoolean(owner: string, argName: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${owner}: ${argName} is ${describe(value)}: expected true or false`);
  }
  return value;
}
