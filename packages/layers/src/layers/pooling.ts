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
import { type Field, type FieldsOf, readFields } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, intTupleField, omittedWhen, paddingField } from './fields';
import { expectRank, readSavedConfig, who, windowLength } from './layer-utils';
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

const NHWC = '(batch, height, width, channels)';
const NWC = '(batch, steps, channels)';

/** Max or average pooling of 2-D windows (a 1-D window is a 2-D window of height 1). */
type PoolOp = (x: Tensor, options: Pool2dOptions) => Tensor;

/** What max and average pooling share. */
abstract class Pooling2D extends WeightlessLayer {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = POOLING_2D_FIELDS;
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  protected abstract readonly pool: PoolOp;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const c = readFields(who(this), POOLING_2D_FIELDS, args);
    this.poolSize = c.poolSize;
    this.strides = c.strides ?? [...c.poolSize];
    this.padding = c.padding;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, NHWC);
    const [batch, h, w, c] = inputShape;
    const outH = windowLength(h ?? null, this.poolSize[0], this.strides[0], this.padding);
    const outW = windowLength(w ?? null, this.poolSize[1], this.strides[1], this.padding);
    if ((outH !== null && outH <= 0) || (outW !== null && outW <= 0)) {
      throw new ValueError(
        `${who(this)}: input (${h}, ${w}) is smaller than poolSize [${this.poolSize.join(', ')}] with 'valid' padding`,
      );
    }
    return [batch ?? null, outH, outW, c ?? null];
  }

  protected call(input: Tensor): Tensor {
    return this.pool(input, {
      poolSize: this.poolSize,
      strides: this.strides,
      padding: this.padding,
    });
  }
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

  static fromConfig(config: Record<string, unknown>): MaxPooling2D {
    return new MaxPooling2D(readSavedConfig(MaxPooling2D, config));
  }
}

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

  static fromConfig(config: Record<string, unknown>): AveragePooling2D {
    return new AveragePooling2D(readSavedConfig(AveragePooling2D, config));
  }
}

/** What 1-D max and average pooling share: 2-D pooling of height 1. */
abstract class Pooling1D extends WeightlessLayer {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = POOLING_1D_FIELDS;
  readonly poolSize: [number];
  readonly strides: [number];
  readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;
  protected abstract readonly pool: PoolOp;

  constructor(args: Pooling1DArgs = {}) {
    super(args);
    const c = readFields(who(this), POOLING_1D_FIELDS, args);
    this.poolSize = c.poolSize;
    this.strides = c.strides ?? [...c.poolSize];
    this.padding = c.padding;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 3, NWC);
    const [batch, steps, c] = inputShape;
    const out = windowLength(steps ?? null, this.poolSize[0], this.strides[0], this.padding);
    if (out !== null && out <= 0) {
      throw new ValueError(
        `${who(this)}: input of ${steps} steps is shorter than poolSize ${this.poolSize[0]} with 'valid' padding`,
      );
    }
    return [batch ?? null, out, c ?? null];
  }

  protected call(input: Tensor): Tensor {
    const [n, steps, c] = input.shape as [number, number, number];
    return tidy(() => {
      const out = this.pool(reshape(input, [n, 1, steps, c]), {
        poolSize: [1, this.poolSize[0]],
        strides: [1, this.strides[0]],
        padding: this.padding,
      });
      return reshape(out, [n, out.shape[2]!, c]);
    });
  }
}

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

  static fromConfig(config: Record<string, unknown>): MaxPooling1D {
    return new MaxPooling1D(readSavedConfig(MaxPooling1D, config));
  }
}

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

  static fromConfig(config: Record<string, unknown>): AveragePooling1D {
    return new AveragePooling1D(readSavedConfig(AveragePooling1D, config));
  }
}

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

/** What the global poolings share: a reduction over every axis between batch and channels. */
abstract class GlobalPooling extends WeightlessLayer {
  readonly dataFormat = 'channelsLast' as const;
  /** Over every axis between batch and channels. */
  protected abstract readonly reduce: (x: Tensor, axes: number[]) => Tensor;

  /** `layout`: the input rank and its axes. */
  constructor(
    args: GlobalPooling2DArgs,
    configFields: typeof GLOBAL_POOLING_2D_FIELDS,
    private readonly layout: { rank: number; text: string },
  ) {
    super(args);
    readFields(who(this), configFields, args);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, this.layout.rank, this.layout.text);
    return [inputShape[0] ?? null, inputShape[this.layout.rank - 1] ?? null];
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

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args, GLOBAL_POOLING_2D_FIELDS, { rank: 4, text: NHWC });
  }
}

/** Global pooling of sequences, over the steps. */
abstract class GlobalPooling1D extends GlobalPooling {
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = GLOBAL_POOLING_1D_FIELDS;

  constructor(args: GlobalPooling1DArgs = {}) {
    super(args, GLOBAL_POOLING_1D_FIELDS, { rank: 3, text: NWC });
  }
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

  static fromConfig(config: Record<string, unknown>): GlobalAveragePooling2D {
    return new GlobalAveragePooling2D(readSavedConfig(GlobalAveragePooling2D, config));
  }
}

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

  static fromConfig(config: Record<string, unknown>): GlobalMaxPooling2D {
    return new GlobalMaxPooling2D(readSavedConfig(GlobalMaxPooling2D, config));
  }
}

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

  static fromConfig(config: Record<string, unknown>): GlobalAveragePooling1D {
    return new GlobalAveragePooling1D(readSavedConfig(GlobalAveragePooling1D, config));
  }
}

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

  static fromConfig(config: Record<string, unknown>): GlobalMaxPooling1D {
    return new GlobalMaxPooling1D(readSavedConfig(GlobalMaxPooling1D, config));
  }
}
