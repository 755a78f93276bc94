/** Test support: a Glia layer against the same TF.js 4.22 layer, given the same weights. */
import { type Tensor, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { Layer } from '../engine/layer';
import { maxAbsDiff, seededValues } from '../io/test-models';
import type { LayersModel } from '../model/layers-model';
import { expectClose, randomTensor, useCpu } from './test-support';

/** Starts Glia's CPU backend and TF.js's CPU backend, the oracle's (call from `beforeAll`). */
export async function useCpuBesideTfjs(): Promise<void> {
  await useCpu();
  await tf.setBackend('cpu');
}

/**
 * One test per settings object: the layer `glia` makes from it and the one TF.js's `tfjs` makes from
 * it give the same outputs on a seeded input of `shape` (see `expectSameAsTfjs`).
 */
export function itMatchesTfjs<G, T>(
  glia: (args: G) => Layer,
  tfjs: (args: T) => tf.layers.Layer,
  shape: number[],
  settings: readonly NoInfer<G & T>[],
): void {
  for (const args of settings) {
    it(`matches TF.js: ${JSON.stringify(args)}`, async () => {
      await expectSameAsTfjs(glia(args), tfjs(args), shape);
    });
  }
}

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

/** TF.js's artifacts for a model, as `model.save` hands them to a handler. */
export async function tfjsArtifacts(
  model: tf.LayersModel,
  includeOptimizer = false,
): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  return saved!;
}

/** The largest |difference| of both models' predictions on the same seeded batch of `shape`. */
export async function predictBoth(
  glia: LayersModel<Tensor>,
  tfModel: tf.LayersModel,
  shape: number[],
  seed: number,
): Promise<number> {
  const values = seededValues(
    shape.reduce((a, b) => a * b, 1),
    seed,
  );
  const x = tensor(values, shape);
  const y = glia.predict(x);
  const ours = await y.data();
  x.dispose();
  y.dispose();
  const ty = tf.tidy(() => tfModel.predict(tf.tensor(values, shape)) as tf.Tensor);
  const theirs = await ty.data();
  ty.dispose();
  return maxAbsDiff(ours, theirs);
}
