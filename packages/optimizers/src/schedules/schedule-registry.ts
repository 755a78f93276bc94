/**
 * Schedules from saved configs (Keras's snake_case keys, or camelCase): the keys each schedule
 * reads, their defaults and checks all come from its declaration.
 */
import { lookupName, ValueError } from '@glia/core';
import { normalizeConfig, readConfig } from '../config';
import { CosineDecay } from './cosine-decay';
import { type AnyDeclaredSchedule, constructSchedule } from './declare-schedule';
import { ExponentialDecay } from './exponential-decay';
import type { LearningRateSchedule } from './learning-rate-schedule';
import { LinearWarmup } from './linear-warmup';
import { PiecewiseConstantDecay } from './piecewise-constant-decay';
import { StepDecay } from './step-decay';

const SCHEDULES: readonly AnyDeclaredSchedule[] = [
  StepDecay,
  ExponentialDecay,
  CosineDecay,
  LinearWarmup,
  PiecewiseConstantDecay,
];

/** The schedule class names `scheduleFromConfig` knows. */
export const SCHEDULE_CLASS_NAMES: readonly string[] = Object.freeze(
  SCHEDULES.map((s) => s.definition.className),
);

/** By lower-case class name. */
const BY_NAME: Record<string, AnyDeclaredSchedule> = Object.fromEntries(
  SCHEDULES.map((s) => [s.definition.className.toLowerCase(), s]),
);

/**
 * Rebuilds a schedule from its class name and config (snake_case as Keras writes it, or
 * camelCase). Unknown class names and unknown keys are `ValueError`s.
 */
export function scheduleFromConfig(
  className: string,
  config: Record<string, unknown>,
): LearningRateSchedule {
  const Schedule = lookupName('scheduleFromConfig', 'schedule class', BY_NAME, className, {
    names: SCHEDULE_CLASS_NAMES,
    normalize: (s) => s.toLowerCase(),
  });
  const { definition } = Schedule;
  const specs = Object.entries(definition.arguments);
  const normalized = normalizeConfig(`scheduleFromConfig(${className})`, config, [
    ...specs.map(([, spec]) => spec.configKey),
    ...(definition.droppedConfigKeys ?? []),
  ]);
  const values: Record<string, unknown> = {};
  for (const [name, spec] of specs) {
    const value = readConfig(normalized, spec.configKey);
    values[name] = spec.read ? spec.read(value, scheduleFromSerialization) : value;
  }
  return constructSchedule(Schedule, values);
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
