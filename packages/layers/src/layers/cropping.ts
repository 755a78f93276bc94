import { slice, type Tensor, ValueError } from '@glia/core';
import { type FieldsOf, readFields } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField } from './fields';
import { readSavedConfig, who } from './layer-utils';
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
export class Cropping2D extends ImageSidesLayer {
  static override readonly className = 'Cropping2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CROPPING_FIELDS;
  readonly cropping: Padding2D;

  constructor(args: Cropping2DArgs = {}) {
    super(args);
    this.cropping = readFields(who(this), CROPPING_FIELDS, args).cropping;
  }

  protected get sides(): Padding2D {
    return this.cropping;
  }

  protected resize(d: number, a: number, b: number, what: string, input: SymbolicShape): number {
    if (d - a - b <= 0) {
      throw new ValueError(
        `${who(this)}: cropping ${JSON.stringify(this.cropping)} removes all ${d} ${what} of the input ${JSON.stringify(input)}`,
      );
    }
    return d - a - b;
  }

  protected call(input: Tensor): Tensor {
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const [[top, bottom], [left, right]] = this.cropping;
    return slice(input, [0, top, left, 0], [n, h - top - bottom, w - left - right, c]);
  }

  static fromConfig(config: Record<string, unknown>): Cropping2D {
    return new Cropping2D(readSavedConfig(Cropping2D, config));
  }
}
