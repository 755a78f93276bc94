import {
  add,
  clipByValue,
  drawUniform,
  mean,
  mul,
  sub,
  type Tensor,
  tensor,
  ValueError,
} from '@glia/core';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { expectRank, readLayerConfig, who } from '../layer-utils';
import {
  type AugmentationArgs,
  AugmentationLayer,
  copyFactor,
  type Factor,
  factorRange,
} from './base';

/** `randomContrast()` settings, as Keras 3's `RandomContrast`. */
export interface RandomContrastArgs extends AugmentationArgs {
  /**
   * The contrast factor is drawn from [1 - lower, 1 + upper]: a number f means lower = upper = f,
   * or give [lower, upper]; each in [0, 1].
   */
  factor: Factor;
  /** The range of pixel values; outputs are clipped to it (default [0, 255], as Keras). */
  valueRange?: readonly [number, number];
}

/**
 * While training, scales each image's deviation from its per-channel mean by its own random
 * factor, then clips to `valueRange` (`RandomContrast`); otherwise passes inputs through.
 *
 * ```ts
 * randomContrast({ factor: 0.2, valueRange: [0, 1], seed: 1 }); // factors in [0.8, 1.2]
 * ```
 */
export class RandomContrast extends AugmentationLayer {
  static override readonly className = 'RandomContrast';
  readonly factor: Factor;
  readonly valueRange: [number, number];
  private readonly range: [number, number];

  constructor(args: RandomContrastArgs) {
    super(args);
    const owner = who(this);
    const [lower, upper] = factorRange(owner, 'factor', args.factor, { single: 'same' });
    if (lower < 0 || lower > 1 || upper < 0 || upper > 1) {
      throw new ValueError(
        `${owner}: factor ${JSON.stringify(args.factor)} must hold values in [0, 1]`,
      );
    }
    this.range = [1 - lower, 1 + upper];
    this.factor = copyFactor(args.factor);
    const vr = args.valueRange ?? [0, 255];
    if (
      !Array.isArray(vr) ||
      vr.length !== 2 ||
      !vr.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
      !(vr[0] < vr[1])
    ) {
      throw new ValueError(
        `${owner}: valueRange must be a pair [low, high] of finite numbers with low < high, got ${JSON.stringify(args.valueRange)}`,
      );
    }
    this.valueRange = [vr[0], vr[1]];
  }

  override build(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, '[batch, height, width, channels] (NHWC)');
    super.build(inputShape);
  }

  protected augment(images: Tensor): Tensor {
    const n = images.shape[0]!;
    const random = this.random();
    const factors = Float32Array.from({ length: n }, () =>
      drawUniform(random, this.range[0], this.range[1]),
    );
    const means = mean(images, [1, 2], true);
    const scaled = add(mul(sub(images, means), tensor(factors, [n, 1, 1, 1])), means);
    return clipByValue(scaled, this.valueRange[0], this.valueRange[1]);
  }

  override getConfig(): Record<string, unknown> {
    return { factor: this.factor, valueRange: [...this.valueRange], ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): RandomContrast {
    return new RandomContrast(
      readLayerConfig(RandomContrast.className, config, [
        'factor',
        'valueRange',
        'seed',
      ]) as unknown as RandomContrastArgs,
    );
  }
}
