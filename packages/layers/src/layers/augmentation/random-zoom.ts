import {
  drawZoomTransform,
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

/** `randomZoom()` settings, as Keras 3's `RandomZoom`. */
export interface RandomZoomArgs extends AugmentationArgs {
  /**
   * The vertical zoom as a fraction: f for [-f, f], or [lower, upper], each >= -1. The image is
   * scaled by 1 + the draw: positive values zoom out, negative values zoom in.
   */
  heightFactor: Factor;
  /** The same for the width; without it (null), both axes share the vertical draw. */
  widthFactor?: Factor | null;
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
 * While training, zooms each image about its centre by its own random amount (`RandomZoom`);
 * otherwise passes inputs through.
 *
 * ```ts
 * randomZoom({ heightFactor: 0.1, seed: 1 }); // the same zoom, in [0.9, 1.1], on both axes
 * ```
 */
export class RandomZoom extends AffineAugmentationLayer {
  static override readonly className = 'RandomZoom';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | null;

  constructor(args: RandomZoomArgs) {
    super(args);
    const owner = who(this);
    this.heightRange = factorRange(owner, 'heightFactor', args.heightFactor, { min: -1 });
    this.heightFactor = copyFactor(args.heightFactor);
    const width = args.widthFactor ?? null;
    this.widthRange = width === null ? null : factorRange(owner, 'widthFactor', width, { min: -1 });
    this.widthFactor = width === null ? null : copyFactor(width);
  }

  protected drawTransform(height: number, width: number): ProjectiveTransform {
    return drawZoomTransform(this.random(), this.heightRange, this.widthRange, height, width);
  }

  override getConfig(): Record<string, unknown> {
    return { heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): RandomZoom {
    return new RandomZoom(
      readLayerConfig(RandomZoom.className, config, [
        'heightFactor',
        'widthFactor',
        'fillMode',
        'interpolation',
        'fillValue',
        'seed',
        'dataFormat',
      ]) as unknown as RandomZoomArgs,
    );
  }
}
