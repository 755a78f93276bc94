/**
 * Learning-rate schedules: pure functions of the step (the optimizer's `iterations` before the
 * update, so the first update uses step 0, as in Keras). Pass one as an optimizer's `learningRate`.
 * Each serialises as Keras does, `{ class_name, config }` with snake_case keys, and comes back
 * through `scheduleFromConfig`.
 */
import { lookupName, ValueError } from '@glia/core';
import { normalizeConfig, readConfig } from './config';
import { checkBoolean, checkInteger, checkNumber } from './hyperparameters';

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

const nonNegative = { min: 0 };
const positive = { min: 0, minExclusive: true };

/**
 * `initialLearningRate · gamma^floor(step / stepSize)`: the rate drops by `gamma` every `stepSize`
 * steps (PyTorch's `StepLR`; the same as `exponentialDecay(lr, stepSize, gamma, true)`).
 *
 * ```ts
 * const opt = sgd(stepDecay(0.1, 1000, 0.5)); // 0.1, then 0.05 from step 1000, ...
 * ```
 */
export class StepDecay extends LearningRateSchedule {
  readonly className = 'StepDecay';
  readonly initialLearningRate: number;
  readonly stepSize: number;
  readonly gamma: number;

  constructor(initialLearningRate: number, stepSize: number, gamma = 0.1) {
    super();
    this.initialLearningRate = checkNumber(
      'StepDecay',
      'initialLearningRate',
      initialLearningRate,
      nonNegative,
    );
    this.stepSize = checkInteger('StepDecay', 'stepSize', stepSize, 1);
    this.gamma = checkNumber('StepDecay', 'gamma', gamma, positive);
  }

  valueAt(step: number): number {
    this.checkStep(step);
    return this.initialLearningRate * this.gamma ** Math.floor(step / this.stepSize);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      step_size: this.stepSize,
      gamma: this.gamma,
    };
  }
}

/**
 * `initialLearningRate · decayRate^(step / decaySteps)`, with the exponent floored when
 * `staircase` (Keras `ExponentialDecay`).
 *
 * ```ts
 * const opt = adam(exponentialDecay(1e-3, 10000, 0.96, true));
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;

  constructor(
    initialLearningRate: number,
    decaySteps: number,
    decayRate: number,
    staircase = false,
  ) {
    super();
    const owner = 'ExponentialDecay';
    this.initialLearningRate = checkNumber(
      owner,
      'initialLearningRate',
      initialLearningRate,
      nonNegative,
    );
    this.decaySteps = checkNumber(owner, 'decaySteps', decaySteps, positive);
    this.decayRate = checkNumber(owner, 'decayRate', decayRate, positive);
    this.staircase = checkBoolean(owner, 'staircase', staircase);
  }

  valueAt(step: number): number {
    this.checkStep(step);
    const p = step / this.decaySteps;
    return this.initialLearningRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      decay_rate: this.decayRate,
      staircase: this.staircase,
    };
  }
}

/** Options of `cosineDecay` (Keras `CosineDecay`). */
export interface CosineDecayOptions {
  initialLearningRate: number;
  /** Steps over which the rate falls from its peak to `alpha ·` peak. */
  decaySteps: number;
  /** The final rate as a fraction of the peak; default 0. */
  alpha?: number;
  /** With `warmupSteps`: rise linearly from `initialLearningRate` to this first. */
  warmupTarget?: number;
  /** Steps of linear warm-up before the decay; default 0. */
  warmupSteps?: number;
}

/**
 * Half a cosine from the peak down to `alpha ·` peak over `decaySteps`, then flat (Keras
 * `CosineDecay`, including its optional linear warm-up to `warmupTarget`):
 * `peak · ((1 - alpha) · ½(1 + cos(π · min(step, decaySteps) / decaySteps)) + alpha)`.
 *
 * ```ts
 * const opt = adam(cosineDecay(1e-3, 5000, 0.1)); // 1e-3 down to 1e-4
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | undefined;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    const owner = 'CosineDecay';
    this.initialLearningRate = checkNumber(
      owner,
      'initialLearningRate',
      options.initialLearningRate,
      nonNegative,
    );
    this.decaySteps = checkNumber(owner, 'decaySteps', options.decaySteps, positive);
    this.alpha = checkNumber(owner, 'alpha', options.alpha ?? 0, { min: 0, max: 1 });
    this.warmupTarget =
      options.warmupTarget === undefined
        ? undefined
        : checkNumber(owner, 'warmupTarget', options.warmupTarget, nonNegative);
    this.warmupSteps = checkInteger(owner, 'warmupSteps', options.warmupSteps ?? 0, 0);
  }

  valueAt(step: number): number {
    this.checkStep(step);
    let peak = this.initialLearningRate;
    if (this.warmupTarget !== undefined) {
      if (step < this.warmupSteps) {
        const rise = this.warmupTarget - this.initialLearningRate;
        return this.initialLearningRate + (rise * step) / this.warmupSteps;
      }
      peak = this.warmupTarget;
      step -= this.warmupSteps;
    }
    const t = Math.min(step, this.decaySteps) / this.decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * t));
    return peak * ((1 - this.alpha) * cosine + this.alpha);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      warmup_target: this.warmupTarget ?? null,
      warmup_steps: this.warmupSteps,
    };
  }
}

/**
 * Rises linearly from `initialLearningRate` (default 0) at step 0 to the value `after` starts at,
 * over `warmupSteps`; then follows `after` (a schedule, restarted at step 0, or a constant).
 *
 * ```ts
 * const opt = adam(linearWarmup(500, cosineDecay(1e-3, 10000))); // 0 → 1e-3 in 500 steps, then decay
 * ```
 */
export class LinearWarmup extends LearningRateSchedule {
  readonly className = 'LinearWarmup';
  readonly warmupSteps: number;
  readonly after: LearningRateSchedule | number;
  readonly initialLearningRate: number;

  constructor(warmupSteps: number, after: LearningRateSchedule | number, initialLearningRate = 0) {
    super();
    const owner = 'LinearWarmup';
    this.warmupSteps = checkInteger(owner, 'warmupSteps', warmupSteps, 0);
    this.after = isSchedule(after) ? after : checkNumber(owner, 'after', after, nonNegative);
    this.initialLearningRate = checkNumber(
      owner,
      'initialLearningRate',
      initialLearningRate,
      nonNegative,
    );
  }

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

  getConfig(): Record<string, unknown> {
    return {
      warmup_steps: this.warmupSteps,
      after: typeof this.after === 'number' ? this.after : serializeSchedule(this.after),
      initial_learning_rate: this.initialLearningRate,
    };
  }
}

/**
 * `values[0]` while `step <= boundaries[0]`, `values[1]` while `step <= boundaries[1]`, ...,
 * `values[n]` after the last boundary (Keras `PiecewiseConstantDecay`).
 *
 * ```ts
 * const opt = sgd(piecewiseConstantDecay([1000, 2000], [0.1, 0.01, 0.001]));
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];

  constructor(boundaries: readonly number[], values: readonly number[]) {
    super();
    const owner = 'PiecewiseConstantDecay';
    if (!Array.isArray(boundaries) || !Array.isArray(values)) {
      throw new ValueError(`${owner}: boundaries and values must be arrays of numbers`);
    }
    if (values.length !== boundaries.length + 1) {
      throw new ValueError(
        `${owner}: ${boundaries.length} boundaries need ${boundaries.length + 1} values, got ${values.length}`,
      );
    }
    boundaries.forEach((b, i) => {
      checkNumber(owner, `boundaries[${i}]`, b, nonNegative);
      if (i > 0 && b <= boundaries[i - 1]!) {
        throw new ValueError(`${owner}: boundaries must increase: ${boundaries.join(', ')}`);
      }
    });
    values.forEach((v, i) => {
      checkNumber(owner, `values[${i}]`, v, nonNegative);
    });
    this.boundaries = Object.freeze([...boundaries]);
    this.values = Object.freeze([...values]);
  }

  valueAt(step: number): number {
    this.checkStep(step);
    const i = this.boundaries.findIndex((b) => step <= b);
    return this.values[i === -1 ? this.boundaries.length : i]!;
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

/** `new StepDecay(initialLearningRate, stepSize, gamma)`: see {@link StepDecay}. */
export function stepDecay(initialLearningRate: number, stepSize: number, gamma = 0.1): StepDecay {
  return new StepDecay(initialLearningRate, stepSize, gamma);
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

/** `new CosineDecay(...)`: see {@link CosineDecay}. Positional or options form. */
export function cosineDecay(options: CosineDecayOptions): CosineDecay;
export function cosineDecay(
  initialLearningRate: number,
  decaySteps: number,
  alpha?: number,
): CosineDecay;
export function cosineDecay(
  a: number | CosineDecayOptions,
  decaySteps?: number,
  alpha?: number,
): CosineDecay {
  if (typeof a === 'object' && a !== null) return new CosineDecay(a);
  return new CosineDecay({ initialLearningRate: a, decaySteps: decaySteps as number, alpha });
}

/** `new LinearWarmup(...)`: see {@link LinearWarmup}. */
export function linearWarmup(
  warmupSteps: number,
  after: LearningRateSchedule | number,
  initialLearningRate = 0,
): LinearWarmup {
  return new LinearWarmup(warmupSteps, after, initialLearningRate);
}

/** `new PiecewiseConstantDecay(...)`: see {@link PiecewiseConstantDecay}. */
export function piecewiseConstantDecay(
  boundaries: readonly number[],
  values: readonly number[],
): PiecewiseConstantDecay {
  return new PiecewiseConstantDecay(boundaries, values);
}

type ScheduleReader = (c: (key: string) => unknown) => LearningRateSchedule;

const SCHEDULES: Record<string, { keys: readonly string[]; read: ScheduleReader }> = {
  stepdecay: {
    keys: ['initial_learning_rate', 'step_size', 'gamma'],
    read: (c) =>
      new StepDecay(
        c('initial_learning_rate') as number,
        c('step_size') as number,
        (c('gamma') ?? 0.1) as number,
      ),
  },
  exponentialdecay: {
    keys: ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'],
    read: (c) =>
      new ExponentialDecay(
        c('initial_learning_rate') as number,
        c('decay_steps') as number,
        c('decay_rate') as number,
        (c('staircase') ?? false) as boolean,
      ),
  },
  cosinedecay: {
    keys: [
      'initial_learning_rate',
      'decay_steps',
      'alpha',
      'warmup_target',
      'warmup_steps',
      'name',
    ],
    read: (c) =>
      new CosineDecay({
        initialLearningRate: c('initial_learning_rate') as number,
        decaySteps: c('decay_steps') as number,
        alpha: (c('alpha') ?? undefined) as number | undefined,
        warmupTarget: (c('warmup_target') ?? undefined) as number | undefined,
        warmupSteps: (c('warmup_steps') ?? undefined) as number | undefined,
      }),
  },
  linearwarmup: {
    keys: ['warmup_steps', 'after', 'initial_learning_rate'],
    read: (c) => {
      const after = c('after');
      return new LinearWarmup(
        c('warmup_steps') as number,
        typeof after === 'number' ? after : scheduleFromSerialization(after, 'LinearWarmup.after'),
        (c('initial_learning_rate') ?? 0) as number,
      );
    },
  },
  piecewiseconstantdecay: {
    keys: ['boundaries', 'values', 'name'],
    read: (c) => new PiecewiseConstantDecay(c('boundaries') as number[], c('values') as number[]),
  },
};

/** The schedule class names `scheduleFromConfig` knows. */
export const SCHEDULE_CLASS_NAMES = [
  'StepDecay',
  'ExponentialDecay',
  'CosineDecay',
  'LinearWarmup',
  'PiecewiseConstantDecay',
] as const;

/**
 * Rebuilds a schedule from its class name and config (snake_case as Keras writes it, or
 * camelCase). Unknown class names and unknown keys are `ValueError`s.
 */
export function scheduleFromConfig(
  className: string,
  config: Record<string, unknown>,
): LearningRateSchedule {
  const entry = lookupName('scheduleFromConfig', 'schedule class', SCHEDULES, className, {
    names: SCHEDULE_CLASS_NAMES,
    normalize: (s) => s.toLowerCase(),
  });
  const normalized = normalizeConfig(`scheduleFromConfig(${className})`, config, entry.keys);
  return entry.read((key) => readConfig(normalized, key));
}

/** Reads `{ class_name | className, config }` (Keras also writes `module`, `registered_name`). */
export function scheduleFromSerialization(value: unknown, where: string): LearningRateSchedule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValueError(
      `${where}: expected a number or a schedule's { class_name, config }, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const v = value as Record<string, unknown>;
  const className = Object.hasOwn(v, 'class_name') ? v.class_name : v.className;
  const config = Object.hasOwn(v, 'config') ? v.config : {};
  if (typeof className !== 'string' || typeof config !== 'object' || config === null) {
    throw new ValueError(`${where}: a schedule needs a string class_name and an object config`);
  }
  return scheduleFromConfig(className, config as Record<string, unknown>);
}
