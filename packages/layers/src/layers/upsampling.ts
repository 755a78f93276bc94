import { reshape, type Tensor, tidy, tile } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, intTupleField, oneOfField, positiveIntOr } from './fields';
import { layerFactory } from './layer-factory';
import { CHANNELS_LAST_LAYOUTS, expectRank, who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/**
 * Nearest-neighbour upsampling of channels-last inputs, whatever their number of spatial axes:
 * each spatial axis repeats each of its entries by its factor.
 */
abstract class UpSampling<A extends LayerArgs> extends WeightlessLayer<A> {
  /** The factor of each spatial axis, in order (their count is the input's spatial rank). */
  protected abstract get factors(): readonly number[];

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const factors = this.factors;
    const rank = factors.length as 1 | 2;
    expectRank(who(this), inputShape, rank + 2, CHANNELS_LAST_LAYOUTS[rank]);
    const spatial = factors.map((f, i) => {
      const d = inputShape[i + 1];
      return d === null || d === undefined ? null : d * f;
    });
    return [inputShape[0] ?? null, ...spatial, inputShape[rank + 1] ?? null];
  }

  protected call(input: Tensor): Tensor {
    const factors = this.factors;
    const [n, ...rest] = input.shape;
    const dims = rest.slice(0, -1);
    const c = rest[rest.length - 1]!;
    // [n, d1, 1, d2, 1, c] tiled to [n, d1, f1, d2, f2, c]: each entry becomes a block of copies.
    const spread = [n!, ...dims.flatMap((d) => [d, 1]), c];
    const reps = [1, ...factors.flatMap((f) => [1, f]), 1];
    const out = [n!, ...dims.map((d, i) => d * factors[i]!), c];
    return tidy(() => reshape(tile(reshape(input, spread), reps), out));
  }
}

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
export class UpSampling2D extends UpSampling<UpSampling2DArgs> {
  static override readonly className = 'UpSampling2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = UPSAMPLING_2D_FIELDS;
  declare readonly size: [number, number];
  readonly dataFormat = 'channelsLast' as const;
  readonly interpolation = 'nearest' as const;

  protected get factors(): readonly number[] {
    return this.size;
  }
}

/** Nearest-neighbour upsampling (`UpSampling2D`). */
export const upSampling2d = layerFactory('upSampling2d', UpSampling2D);

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
export class UpSampling1D extends UpSampling<UpSampling1DArgs> {
  static override readonly className = 'UpSampling1D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = UPSAMPLING_1D_FIELDS;
  declare readonly size: number;

  protected get factors(): readonly number[] {
    return [this.size];
  }
}

/** Repeats each step of sequences (`UpSampling1D`). */
export const upSampling1d = layerFactory('upSampling1d', UpSampling1D);
