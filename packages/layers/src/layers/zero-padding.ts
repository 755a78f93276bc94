import { pad, type Tensor, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField } from './fields';
import { layerFactory } from './layer-factory';
import { CHANNELS_LAST_LAYOUTS, expectRank, who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** [[top, bottom], [left, right]]. */
export type Padding2D = [[number, number], [number, number]];

/** `zeroPadding2d()` settings, as TF.js names them. */
export interface ZeroPadding2DArgs extends LayerArgs {
  /**
   * A number pads all four sides; [h, w] pads top and bottom by h, left and right by w;
   * [[top, bottom], [left, right]] pads each side. Default 1.
   */
  padding?: number | [number, number] | Padding2D;
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function parsePadding(owner: string, key: string, v: unknown, fallback: number): Padding2D {
  if (v === undefined) return parsePadding(owner, key, fallback, fallback);
  if (isCount(v))
    return [
      [v, v],
      [v, v],
    ];
  if (Array.isArray(v) && v.length === 2 && v.every(isCount)) {
    return [
      [v[0], v[0]],
      [v[1], v[1]],
    ];
  }
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((p) => Array.isArray(p) && p.length === 2 && p.every(isCount))
  ) {
    return [
      [v[0][0], v[0][1]],
      [v[1][0], v[1][1]],
    ];
  }
  throw new ValueError(
    `${owner}: ${key} ${JSON.stringify(v)} must be a non-negative integer, [h, w], or [[top, bottom], [left, right]]`,
  );
}

/**
 * Rows and columns at each side of an image, as ZeroPadding2D's `padding` and Cropping2D's
 * `cropping` take them; `fallback` on every side when absent.
 */
export const sidesField = (fallback: number): Field<Padding2D> => ({
  read: (v, owner, key) => parsePadding(owner, key, v, fallback),
  write: (sides) => sides.map((p) => [...p]),
});

const ZERO_PADDING_FIELDS = {
  padding: sidesField(1),
  dataFormat: channelsLastField(),
} satisfies FieldsOf<ZeroPadding2DArgs>;

/**
 * What ZeroPadding2D and Cropping2D share: rows and columns added (`grows`) or removed at each side
 * of NHWC images.
 */
export abstract class ImageSidesLayer<A extends LayerArgs> extends WeightlessLayer<A> {
  readonly dataFormat = 'channelsLast' as const;
  /** [[top, bottom], [left, right]]: what the layer adds or removes at each side. */
  protected abstract get sides(): Padding2D;
  /** True when the layer adds the sides (padding), false when it removes them (cropping). */
  protected abstract readonly grows: boolean;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, CHANNELS_LAST_LAYOUTS[2]);
    const [batch, h, w, c] = inputShape;
    const size = (d: number | null | undefined, [a, b]: [number, number], what: string) => {
      if (d === null || d === undefined) return null;
      if (this.grows) return d + a + b;
      if (d - a - b <= 0) {
        throw new ValueError(
          `${who(this)}: cropping ${JSON.stringify(this.sides)} removes all ${d} ${what} of the input ${JSON.stringify(inputShape)}`,
        );
      }
      return d - a - b;
    };
    const [rows, columns] = this.sides;
    return [batch ?? null, size(h, rows, 'rows'), size(w, columns, 'columns'), c ?? null];
  }
}

/**
 * Adds rows and columns of zeros around NHWC images.
 *
 * ```ts
 * zeroPadding2d({ padding: 1 }); // (None, 28, 28, 1) -> (None, 30, 30, 1)
 * ```
 */
export class ZeroPadding2D extends ImageSidesLayer<ZeroPadding2DArgs> {
  static override readonly className = 'ZeroPadding2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = ZERO_PADDING_FIELDS;
  declare readonly padding: Padding2D;
  protected readonly grows = true;

  protected get sides(): Padding2D {
    return this.padding;
  }

  protected call(input: Tensor): Tensor {
    return pad(input, [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }
}

/** Zeros around images (`ZeroPadding2D`). */
export const zeroPadding2d = layerFactory('zeroPadding2d', ZeroPadding2D);
