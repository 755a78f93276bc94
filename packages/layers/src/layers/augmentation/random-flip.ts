import {
  drawFlipTransform,
  FLIP_MODES,
  type FlipMode,
  planImageSampling,
  resampleImages,
  type Tensor,
} from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { layerFactory } from '../layer-factory';
import { expectRank, who } from '../layer-utils';
import {
  AUGMENTATION_FIELDS,
  type AugmentationArgs,
  AugmentationLayer,
  choiceField,
  kerasChannelsLastField,
} from './base';

/** `randomFlip()` settings, as Keras 3's `RandomFlip`. */
export interface RandomFlipArgs extends AugmentationArgs {
  /** Which axes may flip, each with probability 1/2 (default 'horizontal_and_vertical'). */
  mode?: FlipMode;
  /** 'channels_last' only. */
  dataFormat?: string | null;
}

const RANDOM_FLIP_FIELDS = {
  mode: choiceField(FLIP_MODES, 'horizontal_and_vertical'),
  ...AUGMENTATION_FIELDS,
  dataFormat: kerasChannelsLastField(),
} satisfies FieldsOf<RandomFlipArgs>;

/**
 * While training, mirrors each image left-right and/or top-bottom at random (`RandomFlip`);
 * otherwise passes inputs through. A flip moves whole pixels: one gather, no interpolation.
 *
 * ```ts
 * randomFlip({ mode: 'horizontal', seed: 1 });
 * ```
 */
export class RandomFlip extends AugmentationLayer<RandomFlipArgs> {
  static override readonly className = 'RandomFlip';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_FLIP_FIELDS;
  declare readonly mode: FlipMode;

  override build(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, '[batch, height, width, channels] (NHWC)');
    super.build(inputShape);
  }

  protected augment(images: Tensor): Tensor {
    const [n, h, w] = images.shape as [number, number, number, number];
    const transforms = Array.from({ length: n }, () =>
      drawFlipTransform(this.random(), this.mode, h, w),
    );
    return resampleImages(images, planImageSampling(transforms, h, w, 'nearest', 'nearest'), 0);
  }
}

/** Random flips while training (`RandomFlip`). */
export const randomFlip = layerFactory('randomFlip', RandomFlip);
