import { add, type Tensor, tensor } from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import { numberField, omittedWhen, seedField } from '../fields';
import { layerFactory } from '../layer-factory';
import { type AugmentationArgs, AugmentationLayer } from './base';

/** `gaussianNoise()` settings, as Keras' `GaussianNoise`. */
export interface GaussianNoiseArgs extends AugmentationArgs {
  /** The standard deviation of the noise (>= 0). */
  stddev: number;
}

const GAUSSIAN_NOISE_FIELDS = {
  stddev: numberField(undefined, { min: 0 }),
  // TF.js writes no seed field: left out unless a seed was given.
  seed: omittedWhen(seedField(), (seed) => seed === undefined),
} satisfies FieldsOf<GaussianNoiseArgs>;

/**
 * While training, adds zero-mean Gaussian noise to every input value (`GaussianNoise`, any
 * shape); otherwise passes inputs through. The noise is drawn on the host from the layer's
 * seeded generator, so a seed gives the same noise on every backend.
 *
 * ```ts
 * gaussianNoise({ stddev: 0.1, seed: 1 });
 * ```
 */
export class GaussianNoise extends AugmentationLayer<GaussianNoiseArgs> {
  static override readonly className = 'GaussianNoise';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = GAUSSIAN_NOISE_FIELDS;
  declare readonly stddev: number;

  protected augment(input: Tensor): Tensor {
    if (this.stddev === 0) return input.clone();
    const random = this.random();
    const noise = Float32Array.from(
      { length: input.size },
      () => this.stddev * random.nextNormal(),
    );
    return add(input, tensor(noise, input.shape));
  }
}

/** Additive Gaussian noise while training (`GaussianNoise`). */
export const gaussianNoise = layerFactory('gaussianNoise', GaussianNoise);
