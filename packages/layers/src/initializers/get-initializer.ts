import { ValueError } from '@glia/core';
import {
  Constant,
  Ones,
  RandomNormal,
  type RandomNormalArgs,
  RandomUniform,
  type RandomUniformArgs,
  TruncatedNormal,
  Zeros,
} from './basic';
import { finiteNumber, fromSavedForm, isConfigurable } from './config-checks';
import type { Initializer, InitializerIdentifier } from './initializer';
import { Orthogonal, type OrthogonalArgs } from './orthogonal';
import {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  type SeedOnlyArgs,
  VarianceScaling,
  type VarianceScalingArgs,
} from './variance-scaling';

/** An initializer as model.json holds it (camelCase): `{ className: 'VarianceScaling', config }`. */
export interface SerializedInitializer {
  className: string;
  config: Record<string, unknown>;
}

type Factory = (config: Record<string, unknown>) => Initializer;

/**
 * Every class name TF.js saves or registers, with its factory. The Glorot/He/LeCun names are kept
 * for TF.js files that name them, though TF.js and Keras save them as `VarianceScaling`.
 */
const BY_CLASS_NAME: Record<string, Factory> = {
  Zeros: (c) => new Zeros(c),
  Ones: (c) => new Ones(c),
  Constant: (c) => new Constant({ ...c, value: finiteNumber('Constant', 'value', c.value) }),
  RandomNormal: (c) => new RandomNormal(c as RandomNormalArgs),
  RandomUniform: (c) => new RandomUniform(c as RandomUniformArgs),
  TruncatedNormal: (c) => new TruncatedNormal(c as RandomNormalArgs),
  VarianceScaling: (c) => new VarianceScaling(c as VarianceScalingArgs),
  Orthogonal: (c) => new Orthogonal(c as OrthogonalArgs),
  GlorotUniform: (c) => glorotUniform(c as SeedOnlyArgs),
  GlorotNormal: (c) => glorotNormal(c as SeedOnlyArgs),
  HeUniform: (c) => heUniform(c as SeedOnlyArgs),
  HeNormal: (c) => heNormal(c as SeedOnlyArgs),
  LeCunUniform: (c) => lecunUniform(c as SeedOnlyArgs),
  LeCunNormal: (c) => lecunNormal(c as SeedOnlyArgs),
};

/** Keras' short aliases, beside the class names. */
const ALIASES: Record<string, string> = { uniform: 'RandomUniform', normal: 'RandomNormal' };

const normalize = (name: string): string => name.replace(/_/g, '').toLowerCase();
const BY_NORMALIZED_NAME = new Map<string, string>([
  ...Object.keys(BY_CLASS_NAME).map((n): [string, string] => [normalize(n), n]),
  ...Object.entries(ALIASES),
]);

/** The initializer names `getInitializer` knows, in TF.js' spelling. */
export const INITIALIZER_NAMES: readonly string[] = [
  'zeros',
  'ones',
  'constant',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
  'varianceScaling',
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'lecunUniform',
  'lecunNormal',
  'orthogonal',
];

/**
 * An initializer from its name in any of Keras' or TF.js' spellings (`'glorotUniform'`,
 * `'glorot_uniform'`, `'GlorotUniform'`), from its saved form `{ className, config }`, or the
 * initializer itself.
 *
 * ```ts
 * getInitializer('heNormal').apply([3, 3, 1, 32]);
 * ```
 */
export function getInitializer(
  identifier: InitializerIdentifier | SerializedInitializer,
): Initializer {
  if (typeof identifier === 'string') {
    const className = BY_NORMALIZED_NAME.get(normalize(identifier));
    if (!className) {
      throw new ValueError(
        `getInitializer: unknown initializer '${identifier}': expected one of ${INITIALIZER_NAMES.join(', ')}`,
      );
    }
    if (className === 'Constant') {
      throw new ValueError(
        "getInitializer: 'constant' needs a value: use initializers.constant({ value })",
      );
    }
    return BY_CLASS_NAME[className]!({});
  }
  if (typeof identifier !== 'object' || identifier === null) {
    throw new ValueError(
      `getInitializer: expected an initializer name (${INITIALIZER_NAMES.join(', ')}), an initializer or { className, config }, got ${String(identifier)}`,
    );
  }
  if (isConfigurable(identifier)) return identifier;
  return fromSavedForm('getInitializer', 'initializer', BY_CLASS_NAME, identifier);
}

/** The saved form of an initializer, as TF.js writes it: `{ className, config }`. */
export function serializeInitializer(initializer: Initializer): SerializedInitializer {
  return { className: initializer.className, config: initializer.getConfig() };
}
