import { dropout as dropoutOp, type Tensor, ValueError } from '@glia/core';
import type { CallContext } from '../engine/layer';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { numberIn, readLayerConfig, who } from './layer-utils';

/** `dropout()` settings. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs zeroed while training, in [0, 1). */
  rate: number;
  /**
   * With a seed every training call draws the same mask (as TF.js); without one, masks come from
   * core's global generator, so `setSeed(n)` makes a whole run repeatable.
   */
  seed?: number | null;
}

/**
 * While training, zeroes each input with probability `rate` and scales the rest by 1/(1 - rate)
 * (inverted dropout); otherwise passes inputs through unchanged.
 *
 * ```ts
 * dropout({ rate: 0.5 });
 * ```
 */
export class Dropout extends Layer {
  static override readonly className = 'Dropout';

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly rate: number;
  readonly seed?: number;

  constructor(args: DropoutArgs) {
    super(args);
    const owner = who(this);
    this.rate = numberIn(owner, 'rate', args?.rate ?? null, Number.NaN, {
      min: 0,
      max: 1,
      exclusiveMax: true,
    });
    if (args.seed !== undefined && args.seed !== null) {
      if (typeof args.seed !== 'number' || !Number.isFinite(args.seed)) {
        throw new ValueError(
          `${owner}: seed must be a finite number, got ${JSON.stringify(args.seed)}`,
        );
      }
      this.seed = args.seed;
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    if (!context.training || this.rate === 0) return input.clone();
    return dropoutOp(input, this.rate, this.seed);
  }

  override getConfig(): Record<string, unknown> {
    return { rate: this.rate, noiseShape: null, seed: this.seed ?? null, ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): Dropout {
    return new Dropout(
      readLayerConfig(
        Dropout.className,
        config,
        ['rate', 'seed'],
        ['noiseShape'],
      ) as unknown as DropoutArgs,
    );
  }
}
