// Shared by the io tests: the seed CNN and an MLP, in Glia and in TF.js, and seeded inputs.
import { Prng, setSeed, type Tensor, tensor } from '@glia/core';
import type * as TF from '@tensorflow/tfjs';
import { resetLayerNames } from '../engine/naming';
import * as layers from '../layers/index';
import { Sequential } from '../model/sequential';
import { seedCnnLayers } from '../testing';
import type { ModelArtifacts } from './io-types';

/** The seed CNN of the issue (MNIST-shaped). */
export function gliaCnn(seed = 1): Sequential {
  setSeed(seed);
  resetLayerNames();
  return new Sequential({ layers: seedCnnLayers(layers) });
}

/** A small MLP. */
export function gliaMlp(seed = 2, inputs = 20): Sequential {
  setSeed(seed);
  resetLayerNames();
  return new Sequential({
    layers: [
      layers.dense({ units: 32, activation: 'relu', inputShape: [inputs] }),
      layers.dense({ units: 5, activation: 'softmax' }),
    ],
  });
}

/** The same CNN in TF.js, weights drawn with a seed. */
export function tfjsCnn(tf: typeof TF): TF.Sequential {
  const model = tf.sequential({ layers: seedCnnLayers(tf.layers) });
  seedTfjsWeights(tf, model, 3);
  return model;
}

/** The MLP in TF.js. */
export function tfjsMlp(tf: typeof TF, inputs = 20): TF.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 32, activation: 'relu', inputShape: [inputs] }),
      tf.layers.dense({ units: 5, activation: 'softmax' }),
    ],
  });
  seedTfjsWeights(tf, model, 4);
  return model;
}

/** Replaces every weight (biases too, so they are tested) with seeded values. */
function seedTfjsWeights(tf: typeof TF, model: TF.Sequential, seed: number): void {
  const prng = new Prng(seed);
  const values = model.getWeights().map((w) => {
    const data = Float32Array.from({ length: w.size }, () => (prng.nextFloat() - 0.5) * 0.4);
    return tf.tensor(data, w.shape);
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** Seeded values in [-1, 1). */
export function seededValues(size: number, seed: number): Float32Array {
  const prng = new Prng(seed);
  return Float32Array.from({ length: size }, () => prng.nextFloat() * 2 - 1);
}

/** A Glia tensor of seeded values. */
export function seededTensor(shape: number[], seed: number): Tensor {
  return tensor(
    seededValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
}

/** The largest absolute difference between two arrays of equal length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Glia's artifacts as TF.js's `tf.io.fromMemory` takes them (the same fields, TF.js's types). */
export function asTfjsArtifacts(artifacts: ModelArtifacts): TF.io.ModelArtifacts {
  return {
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
    weightData: artifacts.weightData,
    trainingConfig: artifacts.trainingConfig as TF.io.TrainingConfig | undefined,
    ...(artifacts.format === undefined ? {} : { format: artifacts.format }),
    ...(artifacts.generatedBy === undefined ? {} : { generatedBy: artifacts.generatedBy }),
    ...(artifacts.convertedBy === undefined ? {} : { convertedBy: artifacts.convertedBy }),
  };
}
