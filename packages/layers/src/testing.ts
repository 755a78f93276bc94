/**
 * `@glia/layers/testing`: fixtures that tests of Glia's packages share.
 *
 * The seed CNN is the model of the README and of `npm start` (MNIST-shaped: conv 32 → pool →
 * conv 64 → pool → conv 64 → dense 64 → dense 10, 93,322 parameters). `seedCnnLayers` builds its
 * layer list with the factories it is given, so one list serves Glia's `layers` and TF.js's
 * `tf.layers` alike.
 *
 * ```ts
 * import { layers, sequential } from '@glia/layers';
 * import { seedCnnLayers } from '@glia/layers/testing';
 *
 * const model = sequential({ layers: seedCnnLayers(layers) });
 * model.countParams(); // 93322
 * ```
 *
 * @packageDocumentation
 */

/**
 * The layer factories the seed CNN is built from, as both Glia's `layers` and TF.js's `tf.layers`
 * spell them. Methods, so that each library's own argument types fit.
 */
export interface SeedCnnFactories {
  conv2d(args: {
    filters: number;
    kernelSize: number;
    activation: 'relu';
    inputShape?: number[];
  }): unknown;
  maxPooling2d(args: { poolSize: number }): unknown;
  flatten(): unknown;
  dense(args: { units: number; activation?: 'relu' | 'softmax' }): unknown;
}

/** The layers the factories `F` make. */
export type SeedCnnLayer<F extends SeedCnnFactories> = ReturnType<
  F['conv2d'] | F['maxPooling2d'] | F['flatten'] | F['dense']
>;

/** Options of {@link seedCnnLayers}. */
export interface SeedCnnOptions {
  /** Whether the last dense layer ends in a softmax (default true); false leaves logits. */
  softmax?: boolean;
}

/**
 * The seed CNN's eight layers, new ones on every call, made by `factories` (Glia's `layers` or
 * TF.js's `tf.layers`): input [28, 28, 1], 10 classes.
 */
export function seedCnnLayers<F extends SeedCnnFactories>(
  factories: F,
  options: SeedCnnOptions = {},
): SeedCnnLayer<F>[] {
  const softmax = options.softmax ?? true;
  const made = [
    factories.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    factories.maxPooling2d({ poolSize: 2 }),
    factories.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    factories.maxPooling2d({ poolSize: 2 }),
    factories.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    factories.flatten(),
    factories.dense({ units: 64, activation: 'relu' }),
    factories.dense(softmax ? { units: 10, activation: 'softmax' } : { units: 10 }),
  ];
  return made as SeedCnnLayer<F>[];
}
