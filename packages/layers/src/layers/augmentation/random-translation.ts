import { drawTranslationTransform, type ProjectiveTransform } from '@glia/core';
import { type FieldsOf, readFields } from '../../engine/config-schema';
import { readSavedConfig, who } from '../layer-utils';
import {
  AFFINE_FIELDS,
  type AffineAugmentationArgs,
  AffineAugmentationLayer,
  type Factor,
  factorField,
  factorRange,
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
export class RandomTranslation extends AffineAugmentationLayer {
  static override readonly className = 'RandomTranslation';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_TRANSLATION_FIELDS;
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];

  constructor(args: RandomTranslationArgs) {
    super(args, RANDOM_TRANSLATION_FIELDS);
    const owner = who(this);
    const c = readFields(owner, RANDOM_TRANSLATION_FIELDS, args);
    this.heightFactor = c.heightFactor;
    this.widthFactor = c.widthFactor;
    this.heightRange = factorRange(owner, 'heightFactor', c.heightFactor, SHIFT_BOUNDS);
    this.widthRange = factorRange(owner, 'widthFactor', c.widthFactor, SHIFT_BOUNDS);
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

  static fromConfig(config: Record<string, unknown>): RandomTranslation {
    return new RandomTranslation(readSavedConfig(RandomTranslation, config));
  }
}
