import {
  drawRotationTransform,
  type FillMode,
  type Interpolation,
  type ProjectiveTransform,
} from '@glia/core';
import { readLayerConfig, who } from '../layer-utils';
import {
  AffineAugmentationLayer,
  type AugmentationArgs,
  copyFactor,
  type Factor,
  factorRange,
} from './base';

/** `randomRotation()` settings, as Keras 3's `RandomRotation`. */
export interface RandomRotationArgs extends AugmentationArgs {
  /**
   * The angle as a fraction of a full turn (2π): f for [-f, f], or [lower, upper]; positive
   * values rotate counter-clockwise.
   */
  factor: Factor;
  /** How pixels from outside the image are filled (default 'reflect'). */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** The value outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
  /** 'channels_last' only. */
  dataFormat?: string | null;
}

/**
 * While training, rotates each image about its centre by its own random angle (`RandomRotation`);
 * otherwise passes inputs through.
 *
 * ```ts
 * randomRotation({ factor: 0.05, seed: 1 }); // up to ±18°
 * ```
 */
export class RandomRotation extends AffineAugmentationLayer {
  static override readonly className = 'RandomRotation';
  readonly factor: Factor;
  private readonly range: [number, number];

  constructor(args: RandomRotationArgs) {
    super(args);
    this.range = factorRange(who(this), 'factor', args.factor);
    this.factor = copyFactor(args.factor);
  }

  protected drawTransform(height: number, width: number): ProjectiveTransform {
    return drawRotationTransform(this.random(), this.range, height, width);
  }

  override getConfig(): Record<string, unknown> {
    return { factor: this.factor, ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): RandomRotation {
    return new RandomRotation(
      readLayerConfig(RandomRotation.className, config, [
        'factor',
        'fillMode',
        'interpolation',
        'fillValue',
        'seed',
        'dataFormat',
      ]) as unknown as RandomRotationArgs,
    );
  }
}
