import { binaryCrossentropy } from './binary-crossentropy';
import { categoricalCrossentropy } from './categorical-crossentropy';
import { cosineSimilarity } from './cosine-similarity';
import { hinge } from './hinge';
import { huber } from './huber';
import { kullbackLeiblerDivergence } from './kl-divergence';
import { meanAbsoluteError } from './mean-absolute-error';
import { meanSquaredError } from './mean-squared-error';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy';

export type { BinaryCrossentropyOptions } from './binary-crossentropy';
export type { CategoricalCrossentropyOptions } from './categorical-crossentropy';
export type { LossFactory } from './common';
export type { HuberOptions } from './huber';
export type { LossFunction, LossIdentifier, LossSpec } from './loss';
export { canonicalLossName, getLoss, lossNames } from './registry';
export type { SparseCategoricalCrossentropyOptions } from './sparse-categorical-crossentropy';

/**
 * The built-in losses, as TF.js's `tf.losses` and Keras' `keras.losses`: each computes per-example
 * values from tensors, or returns a `LossSpec` from options.
 *
 * ```ts
 * losses.huber(yTrue, yPred, { delta: 2 });                        // [batch]
 * model.compile({ loss: losses.binaryCrossentropy({ fromLogits: true }), optimizer: 'sgd' });
 * ```
 */
export const losses = {
  meanSquaredError,
  mse: meanSquaredError,
  meanAbsoluteError,
  mae: meanAbsoluteError,
  huber,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  kullbackLeiblerDivergence,
  kld: kullbackLeiblerDivergence,
  cosineSimilarity,
  hinge,
} as const;
