import { lookupName, ValueError } from '@glia/core';
import { fromSavedForm, isConfigurable } from '../initializers/config-checks';
import { l1, l1l2, l2 } from './factories';
import { L1L2, type L1L2Args } from './l1l2';
import type { Regularizer, RegularizerIdentifier } from './regularizer';

/** A regularizer as model.json holds it (camelCase): `{ className: 'L1L2', config: { l1, l2 } }`. */
export interface SerializedRegularizer {
  className: string;
  config: Record<string, unknown>;
}

const BY_NAME: Record<string, () => Regularizer> = { l1, l2, l1l2 };

/** Keras saves L1 and L2 as classes of their own; TF.js only has L1L2. */
const BY_CLASS_NAME: Record<string, (config: Record<string, unknown>) => Regularizer> = {
  L1L2: (c) => new L1L2(c as L1L2Args),
  L1: (c) => new L1L2({ l1: (c as L1L2Args).l1 ?? 0.01 }),
  L2: (c) => new L1L2({ l2: (c as L1L2Args).l2 ?? 0.01 }),
};

/**
 * A regularizer from `'l1'`, `'l2'` or `'l1l2'` (factors 0.01, as TF.js), its saved form
 * `{ className: 'L1L2', config: { l1, l2 } }`, or the regularizer itself.
 */
export function getRegularizer(
  identifier: RegularizerIdentifier | SerializedRegularizer,
): Regularizer {
  if (typeof identifier === 'string') {
    const key = identifier.replace(/_/g, '').toLowerCase();
    if (!Object.hasOwn(BY_NAME, key))
      lookupName('getRegularizer', 'regularizer', BY_NAME, identifier);
    return BY_NAME[key]!();
  }
  if (typeof identifier !== 'object' || identifier === null) {
    throw new ValueError(
      `getRegularizer: expected 'l1', 'l2', 'l1l2', a regularizer or { className, config }, got ${String(identifier)}`,
    );
  }
  if (isConfigurable(identifier)) return identifier;
  return fromSavedForm('getRegularizer', 'regularizer', BY_CLASS_NAME, identifier);
}

/** The saved form of a regularizer, as TF.js writes it. */
export function serializeRegularizer(regularizer: Regularizer): SerializedRegularizer {
  return { className: regularizer.className, config: regularizer.getConfig() };
}
