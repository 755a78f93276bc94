import { drawTranslationTransform, type ProjectiveTransform } from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import {
  AFFINE_FIELDS,
  type AffineAugmentationArgs,
  AffineAugmentationLayer,
  type Factor,
  factorField,
} from './base';

/** `randomTranslation()` settings, as Keras 3's `RandomTranslation`. */
export interface RandomTranslationArgs extends AffineAugmentationArgs {
  /** Vertical shift as a fraction of the height: f for [-f, f], or [lower, upper] in [-1, 1]; positive moves down. */
  heightFactor: Factor;
  /** Horizontal shift as a fraction of the width: f for [-f, f], or [lower, upper] in [-1, 1]; positive moves right. */
  widthFactor: Factor;
}

/** Shifts are fractions of the image, in [-1, 1]. */
const SHIFT_BOUNDS = { min: -1, max: 1 };

const RANDOM_TRANSLATION_FIELDS = {
  heightFactor: factorField(SHIFT_BOUNDS),
  widthFactor: factorField(SHIFT_BOUNDS),
  ...AFFINE_FIELDS,
} satisfies FieldsOf<RandomTranslationArgs>;

/**
 * While training, shifts each image by its own random fraction of the height and width
 * (`RandomTranslation`); otherwise passes inputs through.
 *
 * ```ts
 * randomTranslation({ heightFactor: 0.1, widthFactor: 0.1, fillMode: 'constant', seed: 1 });
 * ```
 */
export class RandomTranslation extends AffineAugmentationLayer<RandomTranslationArgs> {
  static override readonly className = 'RandomTranslation';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_TRANSLATION_FIELDS;
  declare readonly heightFactor: Factor;
  declare readonly widthFactor: Factor;

  protected drawTransform(height: number, width: number): ProjectiveTransform {
    return drawTranslationTransform(
      this.random(),
      this.rangeOf('heightFactor', this.heightFactor, SHIFT_BOUNDS),
      this.rangeOf('widthFactor', this.widthFactor, SHIFT_BOUNDS),
      height,
      width,
    );
  }
}

/** Random shifts while training (`RandomTranslation`). */
export const randomTranslation = layerFactory('randomTranslation', RandomTranslation);
