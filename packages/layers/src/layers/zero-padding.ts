import { pad, type Tensor, ValueError } from '@glia/core';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { channelsLast, expectRank, readLayerConfig, who } from './layer-utils';

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

function parsePadding(owner: string, v: unknown): Padding2D {
  if (v === undefined)
    return [
      [1, 1],
      [1, 1],
    ];
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
    `${owner}: padding ${JSON.stringify(v)} must be a non-negative integer, [h, w], or [[top, bottom], [left, right]]`,
  );
}

/**
 * Adds rows and columns of zeros around NHWC images.
 *
 * ```ts
 * zeroPadding2d({ padding: 1 }); // (None, 28, 28, 1) -> (None, 30, 30, 1)
 * ```
 */
export class ZeroPadding2D extends Layer {
  static override readonly className = 'ZeroPadding2D';
  readonly padding: Padding2D;
  readonly dataFormat = 'channelsLast' as const;

  constructor(args: ZeroPadding2DArgs = {}) {
    super(args);
    const owner = who(this);
    this.padding = parsePadding(owner, args.padding);
    channelsLast(owner, args.dataFormat);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 4, '(batch, height, width, channels)');
    const [batch, h, w, c] = inputShape;
    const [[top, bottom], [left, right]] = this.padding;
    return [
      batch ?? null,
      h === null || h === undefined ? null : h + top + bottom,
      w === null || w === undefined ? null : w + left + right,
      c ?? null,
    ];
  }

  override build(inputShape: SymbolicShape): void {
    this.computeOutputShape(inputShape);
    super.build(inputShape);
  }

  protected call(input: Tensor): Tensor {
    return pad(input, [[0, 0], this.padding[0], this.padding[1], [0, 0]]);
  }

  override getConfig(): Record<string, unknown> {
    return {
      padding: this.padding.map((p) => [...p]),
      dataFormat: this.dataFormat,
      ...super.getConfig(),
    };
  }

  static fromConfig(config: Record<string, unknown>): ZeroPadding2D {
    return new ZeroPadding2D(
      readLayerConfig(ZeroPadding2D.className, config, [
        'padding',
        'dataFormat',
      ]) as ZeroPadding2DArgs,
    );
  }
}
