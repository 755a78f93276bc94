import {
  avgPool2d,
  max,
  maxPool2d,
  mean,
  type Pool2dOptions,
  reshape,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { LayerArgs, LayerParams } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, intTupleField, omittedWhen, paddingField } from './fields';
import { layerFactory } from './layer-factory';
import { CHANNELS_LAST_LAYOUTS, expectRank, who, windowLength } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `maxPooling2d()` and `averagePooling2d()` settings, as TF.js names them. */
export interface Pooling2DArgs extends LayerArgs {
  /** Window size; a number means square. Default [2, 2]. */
  poolSize?: number | [number, number];
  /** Default: `poolSize` (non-overlapping windows). */
  strides?: number | [number, number] | null;
  /** Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
}

/** `maxPooling1d()` and `averagePooling1d()` settings, as TF.js names them. */
export interface Pooling1DArgs extends LayerArgs {
  /** Window length. Default 2. */
  poolSize?: number | [number];
  /** Default: `poolSize` (non-overlapping windows). */
  strides?: number | [number] | null;
  /** Default 'valid'. */
  padding?: 'valid' | 'same';
  /** Only 'channelsLast' (batch, steps, channels); Keras writes it, TF.js does not. */
  dataFormat?: 'channelsLast';
}

/** Strides: absent or null means the pool size, settled by the constructor (so null here). */
function stridesField<N extends 1 | 2>(
  n: N,
): Field<(N extends 1 ? [number] : [number, number]) | null> {
  const tuple = intTupleField(n, 1);
  return {
    read: (v, owner, key) => (v === undefined || v === null ? null : tuple.read(v, owner, key)),
  };
}

const POOLING_2D_FIELDS = {
  poolSize: intTupleField(2, 2),
  strides: stridesField(2),
  padding: paddingField(),
  dataFormat: channelsLastField(),
} satisfies FieldsOf<Pooling2DArgs>;

const POOLING_1D_FIELDS = {
  poolSize: intTupleField(1, 2),
  strides: stridesField(1),
  padding: paddingField(),
  dataFormat: omittedWhen(channelsLastField(), () => true),
} satisfies FieldsOf<Pooling1DArgs>;

/** Max or average pooling of 2-D windows (a 1-D window is a 2-D window of height 1). */
type PoolOp = (x: Tensor, options: Pool2dOptions) => Tensor;

/**
 * What every windowed pooling shares, whatever its rank (1: sequences, 2: images) and its
 * reduction (`pool`): the window, the strides (the window's size when not given), the output
 * shape, and the pass itself, which runs 1-D windows as 2-D ones of height 1.
 */
abstract class Pooling<A extends LayerArgs> extends WeightlessLayer<A> {
  declare readonly poolSize: readonly number[];
  declare readonly strides: readonly number[];
  declare readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  /** The reduction over each window. */
  protected abstract readonly pool: PoolOp;

  constructor(...params: LayerParams<A>) {
    super(...params);
    // Strides absent or null mean the pool size (non-overlapping windows), which getConfig writes.
    this.strides ??= [...this.poolSize];
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rank = this.poolSize.length as 1 | 2;
    expectRank(who(this), inputShape, rank + 2, CHANNELS_LAST_LAYOUTS[rank]);
    const spatial = inputShape.slice(1, -1);
    const out = spatial.map((d, i) =>
      windowLength(d ?? null, this.poolSize[i]!, this.strides[i]!, this.padding),
    );
    if (out.some((d) => d !== null && d <= 0)) {
      throw new ValueError(
        `${who(this)}: input (${spatial.join(', ')}) is smaller than poolSize [${this.poolSize.join(', ')}] with 'valid' padding`,
      );
    }
    return [inputShape[0] ?? null, ...out, inputShape[rank + 1] ?? null];
  }

  protected call(input: Tensor): Tensor {
    const options = { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
    if (this.poolSize.length === 2) {
      return this.pool(input, options as Pool2dOptions);
    }
    const [n, steps, c] = input.shape as [number, number, number];
    return tidy(() => {
      const out = this.pool(reshape(input, [n, 1, steps, c]), {
        poolSize: [1, this.poolSize[0]!],
        strides: [1, this.strides[0]!],
        padding: this.padding,
      });
      return reshape(out, [n, out.shape[2]!, c]);
    });
  }
}

/** Pooling of NHWC images. */
abstract class Pooling2D extends Pooling<Pooling2DArgs> {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = POOLING_2D_FIELDS;
  declare readonly poolSize: [number, number];
  declare readonly strides: [number, number];
}

/** Pooling of sequences [batch, steps, channels]. */
abstract class Pooling1D extends Pooling<Pooling1DArgs> {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = POOLING_1D_FIELDS;
  declare readonly poolSize: [number];
  declare readonly strides: [number];
}

/**
 * The maximum over each window of NHWC images.
 *
 * ```ts
 * maxPooling2d({ poolSize: 2 }); // halves height and width
 * ```
 */
export class MaxPooling2D extends Pooling2D {
  static override readonly className = 'MaxPooling2D';
  protected readonly pool = maxPool2d;
}

/** Max pooling over 2-D windows (`MaxPooling2D`). */
export const maxPooling2d = layerFactory('maxPooling2d', MaxPooling2D);

/**
 * The mean over each window of NHWC images ('same' padding does not count the padding cells).
 *
 * ```ts
 * averagePooling2d({ poolSize: 2 });
 * ```
 */
export class AveragePooling2D extends Pooling2D {
  static override readonly className = 'AveragePooling2D';
  protected readonly pool = avgPool2d;
}

/** Average pooling over 2-D windows (`AveragePooling2D`). */
export const averagePooling2d = layerFactory('averagePooling2d', AveragePooling2D);

/**
 * The maximum over each window of sequences [batch, steps, channels].
 *
 * ```ts
 * maxPooling1d({ poolSize: 2 }); // halves the steps
 * ```
 */
export class MaxPooling1D extends Pooling1D {
  static override readonly className = 'MaxPooling1D';
  protected readonly pool = maxPool2d;
}

/** Max pooling over 1-D windows (`MaxPooling1D`). */
export const maxPooling1d = layerFactory('maxPooling1d', MaxPooling1D);

/**
 * The mean over each window of sequences [batch, steps, channels].
 *
 * ```ts
 * averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' });
 * ```
 */
export class AveragePooling1D extends Pooling1D {
  static override readonly className = 'AveragePooling1D';
  protected readonly pool = avgPool2d;
}

/** Average pooling over 1-D windows (`AveragePooling1D`). */
export const averagePooling1d = layerFactory('averagePooling1d', AveragePooling1D);

/** `globalAveragePooling2d()` / `globalMaxPooling2d()` settings. */
export interface GlobalPooling2DArgs extends LayerArgs {
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
}

/** `globalAveragePooling1d()` / `globalMaxPooling1d()` settings. */
export type GlobalPooling1DArgs = GlobalPooling2DArgs;

const GLOBAL_POOLING_2D_FIELDS = {
  dataFormat: channelsLastField(),
} satisfies FieldsOf<GlobalPooling2DArgs>;

const GLOBAL_POOLING_1D_FIELDS = {
  // Keras writes it; TF.js neither writes nor reads it.
  dataFormat: omittedWhen(channelsLastField(), () => true),
} satisfies FieldsOf<GlobalPooling1DArgs>;

/**
 * What the global poolings share: a reduction (`reduce`) over every axis between batch and
 * channels, of inputs with `rank` spatial axes.
 */
abstract class GlobalPooling extends WeightlessLayer<GlobalPooling2DArgs> {
  readonly dataFormat = 'channelsLast' as const;
  /** How many axes lie between batch and channels. */
  protected abstract readonly rank: 1 | 2;
  /** Over every axis between batch and channels. */
  protected abstract readonly reduce: (x: Tensor, axes: number[]) => Tensor;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, this.rank + 2, CHANNELS_LAST_LAYOUTS[this.rank]);
    return [inputShape[0] ?? null, inputShape[this.rank + 1] ?? null];
  }

  protected call(input: Tensor): Tensor {
    const axes = Array.from({ length: input.rank - 2 }, (_, i) => i + 1);
    return tidy(() => this.reduce(input, axes));
  }
}

/** Global pooling of NHWC images, over height and width. */
abstract class GlobalPooling2D extends GlobalPooling {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = GLOBAL_POOLING_2D_FIELDS;
  protected readonly rank = 2;
}

/** Global pooling of sequences, over the steps. */
abstract class GlobalPooling1D extends GlobalPooling {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = GLOBAL_POOLING_1D_FIELDS;
  protected readonly rank = 1;
}

const meanOver = (x: Tensor, axes: number[]): Tensor => mean(x, axes);
const maxOver = (x: Tensor, axes: number[]): Tensor => max(x, axes);
/**
 * The mean over height and width: [batch, h, w, c] to [batch, c].
 *
 * ```ts
 * globalAveragePooling2d();
 * ```
 */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  static override readonly className = 'GlobalAveragePooling2D';
  protected readonly reduce = meanOver;
}

/** The mean over height and width (`GlobalAveragePooling2D`). */
export const globalAveragePooling2d = layerFactory(
  'globalAveragePooling2d',
  GlobalAveragePooling2D,
);

/**
 * The maximum over height and width: [batch, h, w, c] to [batch, c].
 *
 * ```ts
 * globalMaxPooling2d();
 * ```
 */
export class GlobalMaxPooling2D extends GlobalPooling2D {
  static override readonly className = 'GlobalMaxPooling2D';
  protected readonly reduce = maxOver;
}

/** The maximum over height and width (`GlobalMaxPooling2D`). */
export const globalMaxPooling2d = layerFactory('globalMaxPooling2d', GlobalMaxPooling2D);

/**
 * The mean over the steps: [batch, steps, c] to [batch, c].
 *
 * ```ts
 * globalAveragePooling1d();
 * ```
 */
export class GlobalAveragePooling1D extends GlobalPooling1D {
  static override readonly className = 'GlobalAveragePooling1D';
  protected readonly reduce = meanOver;
}

/** The mean over the steps (`GlobalAveragePooling1D`). */
export const globalAveragePooling1d = layerFactory(
  'globalAveragePooling1d',
  GlobalAveragePooling1D,
);

/**
 * The maximum over the steps: [batch, steps, c] to [batch, c].
 *
 * ```ts
 * globalMaxPooling1d();
 * ```
 */
export class GlobalMaxPooling1D extends GlobalPooling1D {
  static override readonly className = 'GlobalMaxPooling1D';
  protected readonly reduce = maxOver;
}

/** The maximum over the steps (`GlobalMaxPooling1D`). */
export const globalMaxPooling1d = layerFactory('globalMaxPooling1d', GlobalMaxPooling1D);
