import { slice, type Tensor } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import { channelsLastField } from './fields';
import { layerFactory } from './layer-factory';
import { ImageSidesLayer, type Padding2D, sidesField } from './zero-padding';

/** `cropping2D()` settings, as TF.js names them. */
export interface Cropping2DArgs extends LayerArgs {
  /**
   * A number crops all four sides; [h, w] crops top and bottom by h, left and right by w;
   * [[top, bottom], [left, right]] crops each side. Default 0.
   */
  cropping?: number | [number, number] | Padding2D;
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
}

const CROPPING_FIELDS = {
  cropping: sidesField(0),
  dataFormat: channelsLastField(),
} satisfies FieldsOf<Cropping2DArgs>;

/**
 * Removes rows and columns at the sides of NHWC images (the inverse of ZeroPadding2D; U-Nets use it
 * to match skip connections).
 *
 * ```ts
 * cropping2D({ cropping: [[1, 1], [2, 2]] }); // (None, 28, 28, 3) -> (None, 26, 24, 3)
 * ```
 */
export class Cropping2D extends ImageSidesLayer<Cropping2DArgs> {
  static override readonly className = 'Cropping2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CROPPING_FIELDS;
  declare readonly cropping: Padding2D;
  protected readonly grows = false;

  protected get sides(): Padding2D {
    return this.cropping;
  }

  protected call(input: Tensor): Tensor {
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const [[top, bottom], [left, right]] = this.cropping;
    return slice(input, [0, top, left, 0], [n, h - top - bottom, w - left - right, c]);
  }
}

/** Crops the sides of images (`Cropping2D`; TF.js spells the factory `cropping2D`). */
export const cropping2D = layerFactory('cropping2D', Cropping2D);
