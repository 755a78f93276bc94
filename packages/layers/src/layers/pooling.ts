import { avgPool2d, max, maxPool2d, mean, type Tensor, tidy, ValueError } from '@glia/core';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import {
  channelsLast,
  expectRank,
  intPair,
  paddingMode,
  readLayerConfig,
  who,
  windowLength,
} from './layer-utils';

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

const NHWC = '(batch, height, width, channels)';

/** What max and average pooling share. */
abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: 'valid' | 'same';
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: Pooling2DArgs = {}) {
    super(args);
    const owner = who(this);
    this.poolSize = intPair(owner, 'poolSize', args.poolSize, 2);
    this.strides =
      args.strides === undefined || args.strides === null
        ? [...this.poolSize]
        : intPair(owner, 'strides', args.strides);
    this.padding = paddingMode(owner, args.padding);
    channelsLast(owner, args.dataFormat);
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

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return {
      poolSize: [...this.poolSize],
      padding: this.padding,
      strides: [...this.strides],
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }
}

const POOL_FIELDS = ['poolSize', 'strides', 'padding', 'dataFormat'];

/**
 * The maximum over each window of NHWC images.
 *
 * ```ts
 * maxPooling2d({ poolSize: 2 }); // halves height and width
 * ```
 */
export class MaxPooling2D extends Pooling2D {
  static override readonly className = 'MaxPooling2D';

  protected call(input: Tensor): Tensor {
    return maxPool2d(input, {
      poolSize: this.poolSize,
      strides: this.strides,
      padding: this.padding,
    });
  }

  static fromConfig(config: Record<string, unknown>): MaxPooling2D {
    return new MaxPooling2D(
      readLayerConfig(MaxPooling2D.className, config, POOL_FIELDS) as Pooling2DArgs,
    );
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

  protected call(input: Tensor): Tensor {
    return avgPool2d(input, {
      poolSize: this.poolSize,
      strides: this.strides,
      padding: this.padding,
    });
  }

  static fromConfig(config: Record<string, unknown>): AveragePooling2D {
    return new AveragePooling2D(
      readLayerConfig(AveragePooling2D.className, config, POOL_FIELDS) as Pooling2DArgs,
    );
  }
}

/** `globalAveragePooling2d()` / `globalMaxPooling2d()` settings. */
export interface GlobalPooling2DArgs extends LayerArgs {
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
}

abstract class GlobalPooling2D extends Layer {
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    channelsLast(who(this), args.dataFormat);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, NHWC);
    return [inputShape[0] ?? null, inputShape[3] ?? null];
  }

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  override getConfig(): Record<string, unknown> {
    return { dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * The mean over height and width: [batch, h, w, c] to [batch, c].
 *
 * ```ts
 * globalAveragePooling2d();
 * ```
 */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  static override readonly className = 'GlobalAveragePooling2D';

  protected call(input: Tensor): Tensor {
    return tidy(() => mean(input, [1, 2]));
  }

  static fromConfig(config: Record<string, unknown>): GlobalAveragePooling2D {
    return new GlobalAveragePooling2D(
      readLayerConfig(GlobalAveragePooling2D.className, config, [
        'dataFormat',
      ]) as GlobalPooling2DArgs,
    );
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

  protected call(input: Tensor): Tensor {
    return tidy(() => max(input, [1, 2]));
  }

  static fromConfig(config: Record<string, unknown>): GlobalMaxPooling2D {
    return new GlobalMaxPooling2D(
      readLayerConfig(GlobalMaxPooling2D.className, config, ['dataFormat']) as GlobalPooling2DArgs,
    );
  }
}
