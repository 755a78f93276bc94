import { drawZoomTransform, type ProjectiveTransform } from '@glia/core';
import type { Field, FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import {
  AFFINE_FIELDS,
  type AffineAugmentationArgs,
  AffineAugmentationLayer,
  type Factor,
  factorField,
} from './base';

/** `randomZoom()` settings, as Keras 3's `RandomZoom`. */
export interface RandomZoomArgs extends AffineAugmentationArgs {
  /**
   * The vertical zoom as a fraction: f for [-f, f], or [lower, upper], each >= -1. The image is
   * scaled by 1 + the draw: positive values zoom out, negative values zoom in.
   */
  heightFactor: Factor;
  /** The same for the width; without it (null), both axes share the vertical draw. */
  widthFactor?: Factor | null;
}

/** A zoom draw scales by 1 + the draw: at least -1. */
const ZOOM_BOUNDS = { min: -1 };

/** The width's factor, or null: both axes share the vertical draw. */
function optionalFactorField(bounds: { min?: number }): Field<Factor | null> {
  const factor = factorField(bounds);
  return {
    read: (v, owner, key) => (v === undefined || v === null ? null : factor.read(v, owner, key)),
    write: (v) => (v === null ? null : factor.write!(v)),
  };
}

const RANDOM_ZOOM_FIELDS = {
  heightFactor: factorField(ZOOM_BOUNDS),
  widthFactor: optionalFactorField(ZOOM_BOUNDS),
  ...AFFINE_FIELDS,
} satisfies FieldsOf<RandomZoomArgs>;

/**
 * While training, zooms each image about its centre by its own random amount (`RandomZoom`);
 * otherwise passes inputs through.
 *
 * ```ts
 * randomZoom({ heightFactor: 0.1, seed: 1 }); // the same zoom, in [0.9, 1.1], on both axes
 * ```
 */
export class RandomZoom extends AffineAugmentationLayer<RandomZoomArgs> {
  static override readonly className = 'RandomZoom';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_ZOOM_FIELDS;
  declare readonly heightFactor: Factor;
  declare readonly widthFactor: Factor | null;

  protected drawTransform(height: number, width: number): ProjectiveTransform {
    const heightRange = this.rangeOf('heightFactor', this.heightFactor, ZOOM_BOUNDS);
    // Without a width factor, the width follows the height's draw (null).
    const widthRange =
      this.widthFactor === null ? null : this.rangeOf('widthFactor', this.widthFactor, ZOOM_BOUNDS);
    return drawZoomTransform(this.random(), heightRange, widthRange, height, width);
  }
}

/** Random zooms while training (`RandomZoom`). */
export const randomZoom = layerFactory('randomZoom', RandomZoom);
