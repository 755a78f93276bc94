import { drawRotationTransform, type ProjectiveTransform } from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import { layerFactory } from '../layer-factory';
import {
  AFFINE_FIELDS,
  type AffineAugmentationArgs,
  AffineAugmentationLayer,
  type Factor,
  factorField,
} from './base';

/** `randomRotation()` settings, as Keras 3's `RandomRotation`. */
export interface RandomRotationArgs extends AffineAugmentationArgs {
  /**
   * The angle as a fraction of a full turn (2π): f for [-f, f], or [lower, upper]; positive
   * values rotate counter-clockwise.
   */
  factor: Factor;
}

const RANDOM_ROTATION_FIELDS = {
  factor: factorField(),
  ...AFFINE_FIELDS,
} satisfies FieldsOf<RandomRotationArgs>;

/**
 * While training, rotates each image about its centre by its own random angle (`RandomRotation`);
 * otherwise passes inputs through.
 *
 * ```ts
 * randomRotation({ factor: 0.05, seed: 1 }); // up to ±18°
 * ```
 */
export class RandomRotation extends AffineAugmentationLayer<RandomRotationArgs> {
  static override readonly className = 'RandomRotation';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_ROTATION_FIELDS;
  declare readonly factor: Factor;
  protected drawTransform(height: number, width: number): ProjectiveTransform {
    return drawRotationTransform(this.random(), this.rangeOf('factor', this.factor), height, width);
  }
}

/** Random rotations while training (`RandomRotation`). */
export const randomRotation = layerFactory('randomRotation', RandomRotation);
