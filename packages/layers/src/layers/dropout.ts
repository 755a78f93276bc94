import {
  cast,
  dropout as dropoutOp,
  greaterEqual,
  mul,
  randomUniform,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { CallContext } from '../engine/layer';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, nullOnlyField, numberField, seedField } from './fields';
import { layerFactory } from './layer-factory';
import { expectRank, who } from './layer-utils';

/** `dropout()` settings. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs zeroed while training, in [0, 1). */
  rate: number;
  /**
   * The shape of the mask, broadcast against the input (batch first; `null` takes the input's
   * dimension): `[null, 1, null]` drops whole time steps' features alike, as Keras. Default: the
   * input's shape (each element on its own).
   */
  noiseShape?: (number | null)[] | null;
  /**
   * With a seed every training call draws the same mask (as TF.js); without one, masks come from
   * core's global generator, so `setSeed(n)` makes a whole run repeatable.
   */
  seed?: number | null;
}

/** A mask shape: positive integers or null, or no mask shape at all. */
const noiseShapeField = (): Field<(number | null)[] | null> => ({
  read: (v, owner, key) => {
    if (v === undefined || v === null) return null;
    if (
      !Array.isArray(v) ||
      v.length === 0 ||
      !v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d > 0))
    ) {
      throw new ValueError(
        `${owner}: ${key} must be an array of positive integers or null (batch first), got ${JSON.stringify(v)}`,
      );
    }
    return [...v];
  },
});

const DROPOUT_FIELDS = {
  rate: numberField(undefined, { min: 0, max: 1, exclusiveMax: true }),
  noiseShape: noiseShapeField(),
  seed: seedField(),
} satisfies FieldsOf<DropoutArgs>;

/**
 * Inverted dropout with one draw per element of `maskShape`, broadcast over the input: the kept
 * entries scaled by 1/(1 - rate).
 */
function dropWithMaskShape(
  input: Tensor,
  rate: number,
  seed: number | undefined,
  maskShape: readonly number[],
): Tensor {
  return tidy(() => {
    const draw = randomUniform([...maskShape], 0, 1, 'float32', seed);
    const keep = cast(greaterEqual(draw, rate), 'float32');
    return mul(input, mul(keep, 1 / (1 - rate)));
  });
}

/**
 * While training, zeroes each input with probability `rate` and scales the rest by 1/(1 - rate)
 * (inverted dropout); otherwise passes inputs through unchanged.
 *
 * ```ts
 * dropout({ rate: 0.5 });
 * dropout({ rate: 0.5, noiseShape: [null, 1, null] }); // one mask for every time step
 * ```
 */
export class Dropout extends Layer<DropoutArgs> {
  static override readonly className = 'Dropout';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = DROPOUT_FIELDS;

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  declare readonly rate: number;
  declare readonly noiseShape: (number | null)[] | null;
  declare readonly seed: number | undefined;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  /** The mask's shape for an input of `shape`, or null for one draw per element. */
  protected maskShape(shape: readonly number[]): number[] | null {
    const noise = this.noiseShape;
    if (noise === null) return null;
    if (noise.length !== shape.length) {
      throw new ValueError(
        `${who(this)}: noiseShape ${JSON.stringify(noise)} has rank ${noise.length}: the input [${shape.join(', ')}] has rank ${shape.length}`,
      );
    }
    return noise.map((d, i) => {
      if (d !== null && d !== 1 && d !== shape[i]) {
        throw new ValueError(
          `${who(this)}: noiseShape ${JSON.stringify(noise)} does not broadcast to the input [${shape.join(', ')}]: dimension ${i} must be 1, ${shape[i]} or null`,
        );
      }
      return d ?? shape[i]!;
    });
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    const maskShape = this.maskShape(input.shape);
    if (!context.training || this.rate === 0) return input.clone();
    if (maskShape === null) return dropoutOp(input, this.rate, this.seed);
    return dropWithMaskShape(input, this.rate, this.seed, maskShape);
  }
}

/** Inverted dropout while training (`Dropout`). */
export const dropout = layerFactory('dropout', Dropout);

/** `spatialDropout1d()` / `spatialDropout2d()` settings. */
export interface SpatialDropoutArgs extends LayerArgs {
  /** The fraction of channels zeroed while training, in [0, 1). */
  rate: number;
  /** As Dropout's seed. */
  seed?: number | null;
  /** Only 'channelsLast' (SpatialDropout2D; Keras writes it). */
  dataFormat?: 'channelsLast';
}

const SPATIAL_DROPOUT_FIELDS = { rate: DROPOUT_FIELDS.rate, seed: DROPOUT_FIELDS.seed };

/** TF.js writes Dropout's noiseShape for it too (always null). */
const SPATIAL_DROPOUT_1D_FIELDS = {
  ...SPATIAL_DROPOUT_FIELDS,
  noiseShape: nullOnlyField(),
} satisfies FieldsOf<Omit<SpatialDropoutArgs, 'dataFormat'>>;

/** What the spatial dropouts share: one draw per example and channel, over all positions. */
abstract class SpatialDropout<A extends LayerArgs = LayerArgs> extends Layer<A> {
  declare readonly rate: number;
  declare readonly seed: number | undefined;
  /** The input rank, and its layout for messages. */
  protected abstract readonly layout: { rank: number; text: string };

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, this.layout.rank, this.layout.text);
    return [...inputShape];
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    this.computeOutputShape([...input.shape]);
    if (!context.training || this.rate === 0) return input.clone();
    const shape = input.shape.map((d, i) => (i === 0 || i === input.rank - 1 ? d : 1));
    return dropWithMaskShape(input, this.rate, this.seed, shape);
  }
}

/**
 * Dropout of whole channels of sequences [batch, steps, channels]: one draw per example and channel,
 * for all steps alike (neighbouring steps are correlated, so element dropout barely regularizes).
 *
 * ```ts
 * spatialDropout1d({ rate: 0.2 });
 * ```
 */
export class SpatialDropout1D extends SpatialDropout<Omit<SpatialDropoutArgs, 'dataFormat'>> {
  static override readonly className = 'SpatialDropout1D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = SPATIAL_DROPOUT_1D_FIELDS;
  protected readonly layout = { rank: 3, text: '(batch, steps, channels)' };
}

/** Dropout of whole channels of sequences (`SpatialDropout1D`). */
export const spatialDropout1d = layerFactory('spatialDropout1d', SpatialDropout1D);

const SPATIAL_DROPOUT_2D_FIELDS = {
  ...SPATIAL_DROPOUT_FIELDS,
  dataFormat: channelsLastField(),
} satisfies FieldsOf<SpatialDropoutArgs>;

/**
 * Dropout of whole feature maps of NHWC images: one draw per example and channel.
 *
 * ```ts
 * spatialDropout2d({ rate: 0.2 });
 * ```
 */
export class SpatialDropout2D extends SpatialDropout<SpatialDropoutArgs> {
  static override readonly className = 'SpatialDropout2D';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = SPATIAL_DROPOUT_2D_FIELDS;
  protected readonly layout = { rank: 4, text: '(batch, height, width, channels)' };
  readonly dataFormat = 'channelsLast' as const;
}

/** Dropout of whole feature maps of images (`SpatialDropout2D`). */
export const spatialDropout2d = layerFactory('spatialDropout2d', SpatialDropout2D);
