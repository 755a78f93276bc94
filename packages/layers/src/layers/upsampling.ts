import { reshape, type Tensor, tidy, tile, ValueError } from '@glia/core';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLast, expectRank, intPair, readLayerConfig, who } from './layer-utils';

/** `upSampling2d()` settings, as TF.js names them. */
export interface UpSampling2DArgs extends LayerArgs {
  /** Factors for height and width; a number means both. Default [2, 2]. */
  size?: number | [number, number];
  /** Only 'channelsLast' (NHWC). */
  dataFormat?: 'channelsLast';
  /** Only 'nearest'. */
  interpolation?: 'nearest';
}

/**
 * Repeats each row `size[0]` times and each column `size[1]` times (nearest-neighbour upsampling).
 *
 * ```ts
 * upSampling2d({ size: 2 }); // (None, 7, 7, 8) -> (None, 14, 14, 8)
 * ```
 */
export class UpSampling2D extends Layer {
  static override readonly className = 'UpSampling2D';
  readonly size: [number, number];
  readonly dataFormat = 'channelsLast' as const;
  readonly interpolation = 'nearest' as const;

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    const owner = who(this);
    this.size = intPair(owner, 'size', args.size, 2);
    channelsLast(owner, args.dataFormat);
    if (args.interpolation !== undefined && args.interpolation !== 'nearest') {
      throw new ValueError(
        `${owner}: interpolation ${JSON.stringify(args.interpolation)} is not supported: expected 'nearest'`,
      );
    }
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

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
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

  override getConfig(): Record<string, unknown> {
    return {
      size: [...this.size],
      dataFormat: this.dataFormat,
      interpolation: this.interpolation,
      ...super.getConfig(),
    };
  }

  static fromConfig(config: Record<string, unknown>): UpSampling2D {
    return new UpSampling2D(
      readLayerConfig(UpSampling2D.className, config, [
        'size',
        'dataFormat',
        'interpolation',
      ]) as UpSampling2DArgs,
    );
  }
}
