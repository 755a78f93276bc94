/** Test support: a Glia layer against the same TF.js 4.22 layer, given the same weights. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Layer } from '../engine/layer';
import { expectClose, randomTensor } from './test-support';

/**
 * Builds both layers on a seeded input of `shape`, copies Glia's initial weights into the TF.js
 * layer (same order: kernel before bias, as both save them), and expects the same outputs.
 */
export async function expectSameAsTfjs(
  ours: Layer,
  theirs: tf.layers.Layer,
  shape: number[],
  options: { seed?: number; tolerance?: number } = {},
): Promise<void> {
  await tf.setBackend('cpu');
  const x = randomTensor(shape, options.seed ?? 7);
  const y = ours.apply(x);
  const tx = tf.tensor(x.dataSync(), shape);
  theirs.apply(tx); // builds its weights
  const weights = ours.getWeights();
  theirs.setWeights(weights.map((w) => tf.tensor(w.dataSync(), [...w.shape])));
  const ty = theirs.apply(tx) as tf.Tensor;
  expect(y.shape).toEqual(ty.shape);
  expectClose(y, ty.dataSync(), options.tolerance ?? 1e-5);
  for (const w of weights) w.dispose();
  tf.dispose([tx, ty]);
  x.dispose();
  y.dispose();
}
