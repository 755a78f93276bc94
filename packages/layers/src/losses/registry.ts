import { ValueError } from '@glia/core';
import { binaryCrossentropy } from './binary-crossentropy';
import { categoricalCrossentropy } from './categorical-crossentropy';
import { cosineSimilarity } from './cosine-similarity';
import { hinge } from './hinge';
import { huber } from './huber';
import { kullbackLeiblerDivergence } from './kl-divergence';
import type { LossIdentifier, LossSpec } from './loss';
import { meanAbsoluteError } from './mean-absolute-error';
import { meanSquaredError } from './mean-squared-error';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy';

interface LossEntry {
  /** The loss's factory: recognised when passed as a function, called for the default spec. */
  readonly factory: () => LossSpec;
  /** Canonical camelCase first, then Keras' snake_case and short names. */
  readonly names: readonly string[];
}

/** The entry of `factory` under `names`. */
const lossEntry = (factory: () => LossSpec, ...names: string[]): LossEntry => ({ factory, names });

const LOSSES: readonly LossEntry[] = [
  lossEntry(meanSquaredError, 'meanSquaredError', 'mean_squared_error', 'mse'),
  lossEntry(meanAbsoluteError, 'meanAbsoluteError', 'mean_absolute_error', 'mae'),
  lossEntry(huber, 'huber', 'huber_loss'),
  lossEntry(binaryCrossentropy, 'binaryCrossentropy', 'binary_crossentropy', 'bce'),
  lossEntry(categoricalCrossentropy, 'categoricalCrossentropy', 'categorical_crossentropy', 'cce'),
  lossEntry(
    sparseCategoricalCrossentropy,
    'sparseCategoricalCrossentropy',
    'sparse_categorical_crossentropy',
    'scce',
  ),
  lossEntry(
    kullbackLeiblerDivergence,
    'kullbackLeiblerDivergence',
    'kullback_leibler_divergence',
    'klDivergence',
    'kl_divergence',
    'kld',
  ),
  lossEntry(
    cosineSimilarity,
    'cosineSimilarity',
    'cosine_similarity',
    'cosineProximity',
    'cosine_proximity',
  ),
  lossEntry(hinge, 'hinge'),
];

/**
 * A loss or metric name with case and underscores ignored, so 'sparse_categorical_crossentropy',
 * 'MSE' and 'KLD' all match.
 */
export function normaliseName(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

const BY_NAME = new Map<string, LossEntry>(
  LOSSES.flatMap((entry) => entry.names.map((n) => [normaliseName(n), entry] as const)),
);

/** Every loss name `getLoss` knows, canonical names first. */
export function lossNames(): string[] {
  return LOSSES.flatMap((entry) => entry.names);
}

/**
 * The canonical camelCase name of a known loss name in any spelling
 * (`'sparse_categorical_crossentropy'` -> `'sparseCategoricalCrossentropy'`), else undefined.
 */
export function canonicalLossName(name: string): string | undefined {
  return BY_NAME.get(normaliseName(name))?.names[0];
}

/**
 * Resolves a loss by name (camelCase, Keras' snake_case, or short: `'mse'`, `'mae'`, `'kld'`,
 * `'bce'`, `'cce'`, `'scce'`), by function, or as a spec given whole. The built-in losses passed as
 * functions (`losses.categoricalCrossentropy`) resolve to their full spec, with the fused logit
 * path and label checks; any other function `(yTrue, yPred) => perExample` is used as it is.
 *
 * ```ts
 * getLoss('sparse_categorical_crossentropy').name; // 'sparseCategoricalCrossentropy'
 * ```
 */
export function getLoss(identifier: LossIdentifier): LossSpec {
  if (typeof identifier === 'string') {
    const entry = BY_NAME.get(normaliseName(identifier));
    if (!entry) {
      throw new ValueError(
        `getLoss: unknown loss '${identifier}': expected one of ${lossNames().join(', ')}, a function (yTrue, yPred) => per-example losses, or a LossSpec`,
      );
    }
    return entry.factory();
  }
  if (typeof identifier === 'function') {
    const entry = LOSSES.find((e) => Object.is(e.factory, identifier));
    if (entry) return entry.factory();
    return { name: identifier.name || 'customLoss', fn: identifier };
  }
  if (
    identifier !== null &&
    typeof identifier === 'object' &&
    typeof identifier.fn === 'function'
  ) {
    return identifier;
  }
  throw new ValueError(
    `getLoss: got ${describe(identifier)}: expected a loss name, a function (yTrue, yPred) => per-example losses, or a LossSpec`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object without a fn';
  return `${typeof value} ${String(value)}`;
}
