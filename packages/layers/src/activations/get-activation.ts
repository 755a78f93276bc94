import { ValueError } from '@glia/core';
import type { Activation, ActivationIdentifier } from './activation';
import * as builtIn from './functions';

const BUILT_IN: readonly Activation[] = [
  builtIn.linear,
  builtIn.sigmoid,
  builtIn.tanh,
  builtIn.relu,
  builtIn.relu6,
  builtIn.leakyRelu,
  builtIn.elu,
  builtIn.selu,
  builtIn.gelu,
  builtIn.softmax,
  builtIn.softplus,
  builtIn.swish,
];

/** Names compare without case or underscores: `'leaky_relu'` (Keras), `'leakyRelu'` (TF.js). */
const normalize = (name: string): string => name.replace(/_/g, '').toLowerCase();

const BY_NAME = new Map<string, Activation>([
  ...BUILT_IN.map((a): [string, Activation] => [normalize(a.name), a]),
  ['silu', builtIn.swish],
]);

/** The names `getActivation` knows, as TF.js saves them. */
export const ACTIVATION_NAMES: readonly string[] = BUILT_IN.map((a) => a.name);

/**
 * The activation for a name as Keras or TF.js spell it (`'relu'`, `'leaky_relu'`, `'leakyRelu'`),
 * or the activation itself; `undefined` and `null` mean `'linear'`.
 *
 * ```ts
 * getActivation('softmax').apply(logits);
 * ```
 */
export function getActivation(identifier: ActivationIdentifier | null | undefined): Activation {
  if (identifier === undefined || identifier === null) return builtIn.linear;
  if (typeof identifier === 'string') {
    const found = BY_NAME.get(normalize(identifier));
    if (!found) {
      throw new ValueError(
        `getActivation: unknown activation '${identifier}': expected one of ${ACTIVATION_NAMES.join(', ')}`,
      );
    }
    return found;
  }
  if (
    typeof identifier !== 'object' ||
    typeof identifier.name !== 'string' ||
    typeof identifier.apply !== 'function'
  ) {
    throw new ValueError(
      `getActivation: expected an activation name (${ACTIVATION_NAMES.join(', ')}) or an object with name and apply, got ${String(identifier)}`,
    );
  }
  return identifier;
}
