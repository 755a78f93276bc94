import { ValueError } from '@glia/core';
import { checkNumber, NON_NEGATIVE } from '../hyperparameters';
import { type ArgumentCheck, declareSchedule } from './declare-schedule';

/** The fields of a `PiecewiseConstantDecay`. */
interface PiecewiseConstantDecayFields {
  boundaries: readonly number[];
  values: readonly number[];
}

/** A frozen copy of an array of non-negative numbers. */
const nonNegativeNumbers: ArgumentCheck<readonly number[]> = (owner, name, value) => {
  if (!Array.isArray(value)) {
    throw new ValueError(`${owner}: ${name} must be an array of numbers, got ${typeof value}`);
  }
  value.forEach((v, i) => {
    checkNumber(owner, `${name}[${i}]`, v, NON_NEGATIVE);
  });
  return Object.freeze([...value]);
};

/**
 * `values[0]` while `step <= boundaries[0]`, `values[1]` while `step <= boundaries[1]`, ...,
 * `values[n]` after the last boundary (Keras `PiecewiseConstantDecay`).
 *
 * ```ts
 * const opt = sgd(piecewiseConstantDecay([1000, 2000], [0.1, 0.01, 0.001]));
 * ```
 */
export class PiecewiseConstantDecay extends declareSchedule<
  PiecewiseConstantDecayFields,
  [boundaries: readonly number[], values: readonly number[]]
>({
  className: 'PiecewiseConstantDecay',
  arguments: {
    boundaries: { configKey: 'boundaries', check: nonNegativeNumbers, write: (v) => [...v] },
    values: { configKey: 'values', check: nonNegativeNumbers, write: (v) => [...v] },
  },
  positional: ['boundaries', 'values'],
  checkTogether: (owner, { boundaries, values }) => {
    if (values.length !== boundaries.length + 1) {
      throw new ValueError(
        `${owner}: ${boundaries.length} boundaries need ${boundaries.length + 1} values, got ${values.length}`,
      );
    }
    if (boundaries.some((b, i) => i > 0 && b <= boundaries[i - 1]!)) {
      throw new ValueError(`${owner}: boundaries must increase: ${boundaries.join(', ')}`);
    }
  },
  droppedConfigKeys: ['name'],
}) {
  valueAt(step: number): number {
    this.checkStep(step);
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.boundaries.length : i]!;
  }
}

/** `new PiecewiseConstantDecay(...)`: see {@link PiecewiseConstantDecay}. */
export function piecewiseConstantDecay(
  boundaries: readonly number[],
  values: readonly number[],
): PiecewiseConstantDecay {
  return new PiecewiseConstantDecay(boundaries, values);
}
