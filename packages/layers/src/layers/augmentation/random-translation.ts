import {
  drawTranslationTransform,
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

/** `randomTranslation()` settings, as Keras 3's `RandomTranslation`. */
export interface RandomTranslationArgs extends AugmentationArgs {
  /** Vertical shift as a fraction of the height: f for [-f, f], or [lower, upper] in [-1, 1]; positive moves down. */
  heightFactor: Factor;
  /** Horizontal shift as a fraction of the width: f for [-f, f], or [lower, upper] in [-1, 1]; positive moves right. */
  widthFactor: Factor;
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
 * While training, shifts each image by its own random fraction of the height and width
 * (`RandomTranslation`); otherwise passes inputs through.
 *
 * ```ts
 * randomTranslation({ heightFactor: 0.1, widthFactor: 0.1, fillMode: 'constant', seed: 1 });
 * ```
 */
export class RandomTranslation extends AffineAugmentationLayer {
  static override readonly className = 'RandomTranslation';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(args);
    const owner = who(this);
    const bounds = { min: -1, max: 1 };
    this.heightRange = factorRange(owner, 'heightFactor', args.heightFactor, bounds);
    this.widthRange = factorRange(owner, 'widthFactor', args.widthFactor, bounds);
    this.heightFactor = copyFactor(args.heightFactor);
    this.widthFactor = copyFactor(args.widthFactor);
  }

  protected drawTransform(height: number, width: number): ProjectiveTransform {
    return drawTranslationTransform(
      this.random(),
      this.heightRange,
      this.widthRange,
      height,
      width,
    );
  }

  override getConfig(): Record<string, unknown> {
    return { heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): RandomTranslation {
    return new RandomTranslation(
      readLayerConfig(RandomTranslation.className, config, [
        'heightFactor',
        'widthFactor',
        'fillMode',
        'interpolation',
        'fillValue',
        'seed',
        'dataFormat',
      ]) as unknown as RandomTranslationArgs,
    );
  }
}
