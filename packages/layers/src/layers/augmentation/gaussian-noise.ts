import { add, type Tensor, tensor } from '@glia/core';
import { numberIn, readLayerConfig, who } from '../layer-utils';
import { type AugmentationArgs, AugmentationLayer } from './base';

/** `gaussianNoise()` settings, as Keras' `GaussianNoise`. */
export interface GaussianNoiseArgs extends AugmentationArgs {
  /** The standard deviation of the noise (>= 0). */
  stddev: number;
}

/**
 * While training, adds zero-mean Gaussian noise to every input value (`GaussianNoise`, any
 * shape); otherwise passes inputs through. The noise is drawn on the host from the layer's
 * seeded generator, so a seed gives the same noise on every backend.
 *
 * ```ts
 * gaussianNoise({ stddev: 0.1, seed: 1 });
 * ```
 */
export class GaussianNoise extends AugmentationLayer {
  static override readonly className = 'GaussianNoise';
  readonly stddev: number;

  constructor(args: GaussianNoiseArgs) {
    super(args);
    this.stddev = numberIn(who(this), 'stddev', args?.stddev ?? null, Number.NaN, { min: 0 });
  }

  protected augment(input: Tensor): Tensor {
    if (this.stddev === 0) return input.clone();
    const random = this.random();
    const noise = Float32Array.from(
      { length: input.size },
      () => this.stddev * random.nextNormal(),
    );
    return add(input, tensor(noise, input.shape));
  }

  override getConfig(): Record<string, unknown> {
    const { seed, ...base } = super.getConfig();
    // TF.js writes no seed field: leave it out unless a seed was given.
    return { stddev: this.stddev, ...(seed === null ? {} : { seed }), ...base };
  }

  static fromConfig(config: Record<string, unknown>): GaussianNoise {
    return new GaussianNoise(
      readLayerConfig(GaussianNoise.className, config, [
        'stddev',
        'seed',
      ]) as unknown as GaussianNoiseArgs,
    );
  }
}
