/**
 * Optimizers by name (`compile({ optimizer: 'adam' })`) and from saved configs (Keras's snake_case
 * or TF.js's camelCase keys).
 */
import { lookupName, ValueError } from '@glia/core';
import { normalizeConfig, readConfig } from './config';
import type { Optimizer, OptimizerOptions } from './optimizer';
import { Adadelta } from './optimizers/adadelta';
import { Adagrad } from './optimizers/adagrad';
import { Adam } from './optimizers/adam';
import { Adamax } from './optimizers/adamax';
import { AdamW } from './optimizers/adamw';
import { configKeyOptions, type StoredDefinition } from './optimizers/declare-optimizer';
import { Momentum } from './optimizers/momentum';
import { RMSProp } from './optimizers/rmsprop';
import { SGD } from './optimizers/sgd';
import { isSchedule, scheduleFromSerialization } from './schedules';

/** An optimizer class the registry makes: declared, so that its config keys can be read. */
interface RegisteredClass {
  new (options: Record<string, unknown>): Optimizer;
  readonly definition: StoredDefinition;
}

/** By lower-case name; string identifiers and class names share the table. */
const OPTIMIZERS: Record<string, RegisteredClass> = {
  sgd: SGD,
  momentum: Momentum,
  adam: Adam,
  adamw: AdamW,
  adamax: Adamax,
  rmsprop: RMSProp,
  adagrad: Adagrad,
  adadelta: Adadelta,
};

/** The class names `optimizerFromConfig` accepts (any case), as Keras and TF.js spell them. */
const OPTIMIZER_CLASS_NAMES = [
  'SGD',
  'Momentum',
  'Adam',
  'AdamW',
  'Adamax',
  'RMSProp',
  'Adagrad',
  'Adadelta',
];

/** The names `getOptimizer` accepts (any case). */
export const OPTIMIZER_NAMES = Object.freeze(Object.keys(OPTIMIZERS));

const COMMON_KEYS: Record<string, keyof OptimizerOptions> = {
  learning_rate: 'learningRate',
  clipvalue: 'clipValue',
  clipnorm: 'clipNorm',
  global_clipnorm: 'globalClipNorm',
  weight_decay: 'weightDecay',
};

/** Keras 3 base-optimizer keys with no effect on the update here: read and dropped. */
const DROPPED_KEYS = ['name', 'jit_compile', 'is_legacy_optimizer', 'ema_momentum'];

/** Keras 3 keys for features Glia lacks: accepted only at their "off" values. */
const OFF_KEYS: Record<string, (v: unknown) => boolean> = {
  use_ema: (v) => v === undefined || v === false,
  ema_overwrite_frequency: (v) => v === undefined,
  loss_scale_factor: (v) => v === undefined || v === 1,
  gradient_accumulation_steps: (v) => v === undefined || v === 1,
};

/**
 * An optimizer from a name (`'sgd'`, `'momentum'`, `'adam'`, `'adamax'`, `'adamw'`, `'rmsprop'`,
 * `'adagrad'`, `'adadelta'`, any case, with Keras's defaults), a serialised
 * `{ class_name, config }`, or an optimizer (returned as it is).
 *
 * ```ts
 * const opt = getOptimizer('Adam'); // learning rate 0.001
 * ```
 */
export function getOptimizer(
  identifier: string | Optimizer | { class_name: string; config: Record<string, unknown> },
): Optimizer {
  if (typeof identifier === 'string') {
    const OptimizerClass = lookupName('getOptimizer', 'optimizer', OPTIMIZERS, identifier, {
      normalize: (s) => s.toLowerCase(),
    });
    return new OptimizerClass({});
  }
  if (typeof identifier === 'object' && identifier !== null) {
    if ('applyGradients' in identifier && typeof identifier.applyGradients === 'function') {
      return identifier as Optimizer;
    }
    const { class_name, config } = identifier as { class_name?: unknown; config?: unknown };
    if (typeof class_name === 'string') {
      return optimizerFromConfig(class_name, (config ?? {}) as Record<string, unknown>);
    }
  }
  throw new ValueError(
    `getOptimizer: expected an optimizer name (${OPTIMIZER_NAMES.join(', ')}), an Optimizer or { class_name, config }, got ${identifier === null ? 'null' : typeof identifier}`,
  );
}

/**
 * Rebuilds an optimizer from its class name (`'Adam'`, `'RMSProp'` or Keras's `'RMSprop'`, any
 * case) and config: what `getConfig()` returns, a TF.js `training_config.optimizer_config.config`
 * (camelCase) or a Keras one (snake_case). `learning_rate` may be a schedule's
 * `{ class_name, config }`. Unknown class names and keys are `ValueError`s.
 *
 * ```ts
 * const opt = optimizerFromConfig('Adam', { learning_rate: 0.01, beta_1: 0.8 });
 * ```
 */
export function optimizerFromConfig(className: string, config: Record<string, unknown>): Optimizer {
  const OptimizerClass = lookupName(
    'optimizerFromConfig',
    'optimizer class',
    OPTIMIZERS,
    className,
    { names: OPTIMIZER_CLASS_NAMES, normalize: (s) => s.toLowerCase() },
  );
  const where = `optimizerFromConfig(${className})`;
  const { definition } = OptimizerClass;
  const optionKeys = { ...COMMON_KEYS, ...configKeyOptions(definition) };
  const offKeys = { ...OFF_KEYS, ...definition.offConfigKeys };
  const normalized = normalizeConfig(where, config, [
    ...Object.keys(optionKeys),
    ...DROPPED_KEYS,
    ...Object.keys(offKeys),
  ]);
  for (const [key, isOff] of Object.entries(offKeys)) {
    const value = readConfig(normalized, key);
    if (!isOff(value)) {
      throw new ValueError(
        `${where}: ${key} = ${JSON.stringify(value)} is not supported (only its default)`,
      );
    }
  }
  const options: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(optionKeys)) {
    const value = readConfig(normalized, key);
    if (value === undefined) continue;
    if (options[option] !== undefined && options[option] !== value) {
      throw new ValueError(`${where}: ${key} disagrees with another key for ${option}`);
    }
    options[option] = value;
  }
  const lr = options.learningRate;
  if (lr !== undefined && typeof lr !== 'number' && !isSchedule(lr)) {
    options.learningRate = scheduleFromSerialization(lr, `${where}: learning_rate`);
  }
  return new OptimizerClass(options);
}
