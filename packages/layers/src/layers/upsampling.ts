import { reshape, type Tensor, tidy, tile } from '@glia/core';
import { type FieldsOf, readFields } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, intTupleField, oneOfField, positiveIntOr } from './fields';
import { expectRank, readSavedConfig, who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `upSampling2d()` settings, as TF.js names them. */
export interface UpSampling2DArgs extends LayerArgs {
  /** Factors for height and width; a number means both. Default [2, 2]. */
  size?: number | [number, number];
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
  /** Only 'nearest'. */
  interpolation?: 'nearest';
}

const UPSAMPLING_2D_FIELDS = {
  size: intTupleField(2, 2),
  dataFormat: channelsLastField(),
  interpolation: oneOfField(['nearest'], 'nearest'),
} satisfies FieldsOf<UpSampling2DArgs>;

/**
 * Repeats each row `size[0]` times and each column `size[1]` times (nearest-neighbour upsampling).
 *
 * ```ts
 * upSampling2d({ size: 2 }); // (None, 7, 7, 8) -> (None, 14, 14, 8)
 * ```
 */
export class UpSampling2D extends WeightlessLayer {
  static override readonly className = 'UpSampling2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = UPSAMPLING_2D_FIELDS;
  readonly size: [number, number];
  readonly dataFormat = 'channelsLast' as const;
  readonly interpolation = 'nearest' as const;

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = readFields(who(this), UPSAMPLING_2D_FIELDS, args).size;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, '(batch, height, width, channels)');
    const [batch, h, w, c] = inputShape;
    return [
      batch ?? null,
      h === null || h === undefined ? null : h * this.size[0],
      w === null || w === undefined ? null : w * this.size[1],
      c ?? null,
    ];
  }

  protected call(input: Tensor): Tensor {
    const [n, h, w, c] = input.shape as [number, number, number, number];
    const [sh, sw] = this.size;
    // [n, h, 1, w, 1, c] tiled to [n, h, sh, w, sw, c]: each pixel becomes an sh x sw block.
    return tidy(() =>
      reshape(tile(reshape(input, [n, h, 1, w, 1, c]), [1, 1, sh, 1, sw, 1]), [
        n,
        h * sh,
        w * sw,
        c,
      ]),
    );
  }

  static fromConfig(config: Record<string, unknown>): UpSampling2D {
    return new UpSampling2D(readSavedConfig(UpSampling2D, config));
  }
}

/** `upSampling1d()` settings, as Keras names them. */
export interface UpSampling1DArgs extends LayerArgs {
  /** How many times each step repeats; default 2. */
  size?: number;
}

const UPSAMPLING_1D_FIELDS = { size: positiveIntOr(2) } satisfies FieldsOf<UpSampling1DArgs>;

/**
 * Repeats each step of sequences [batch, steps, channels] `size` times (Keras' UpSampling1D; TF.js
 * lacks it).
 *
 * ```ts
 * upSampling1d({ size: 3 }); // (None, 10, 4) -> (None, 30, 4)
 * ```
 */
export class UpSampling1D extends WeightlessLayer {
  static override readonly className = 'UpSampling1D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = UPSAMPLING_1D_FIELDS;
  readonly size: number;

  constructor(args: UpSampling1DArgs = {}) {
    super(args);
    this.size = readFields(who(this), UPSAMPLING_1D_FIELDS, args).size;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 3, '(batch, steps, channels)');
    const [batch, steps, c] = inputShape;
    return [
      batch ?? null,
      steps === null || steps === undefined ? null : steps * this.size,
      c ?? null,
    ];
  }

  protected call(input: Tensor): Tensor {
    const [n, steps, c] = input.shape as [number, number, number];
    // [n, steps, 1, c] tiled to [n, steps, size, c]: each step repeated in place.
    return tidy(() =>
      reshape(tile(reshape(input, [n, steps, 1, c]), [1, 1, this.size, 1]), [
        n,
        steps * this.size,
        c,
      ]),
    );
  }

  static fromConfig(config: Record<string, unknown>): UpSampling1D {
    return new UpSampling1D(readSavedConfig(UpSampling1D, config));
  }
}
