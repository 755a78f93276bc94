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
import type { Field, FieldsOf } from '../../engine/config-schema';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { layerFactory } from '../layer-factory';
import { expectRank, who } from '../layer-utils';
import {
  AUGMENTATION_FIELDS,
  type AugmentationArgs,
  AugmentationLayer,
  type Factor,
  factorField,
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

/** The range of pixel values: a pair [low, high] of finite numbers, low < high. */
const valueRangeField = (): Field<[number, number]> => ({
  read: (v, owner, key) => {
    const vr = v ?? [0, 255];
    if (
      !Array.isArray(vr) ||
      vr.length !== 2 ||
      !vr.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
      !(vr[0] < vr[1])
    ) {
      throw new ValueError(
        `${owner}: ${key} must be a pair [low, high] of finite numbers with low < high, got ${JSON.stringify(v)}`,
      );
    }
    return [vr[0], vr[1]];
  },
});

/** A number f stands for [f, f] (the contrast varies by up to f either way). */
const CONTRAST_BOUNDS = { single: 'same' } as const;

/** The contrast factor: f or [lower, upper], each in [0, 1]. */
function contrastFactorField(): Field<Factor> {
  const factor = factorField(CONTRAST_BOUNDS);
  return {
    ...factor,
    read: (v, owner, key) => {
      const kept = factor.read(v, owner, key);
      const [lower, upper] = factorRange(owner, key, kept, CONTRAST_BOUNDS);
      if (lower < 0 || upper > 1) {
        throw new ValueError(`${owner}: ${key} ${JSON.stringify(v)} must hold values in [0, 1]`);
      }
      return kept;
    },
  };
}

const RANDOM_CONTRAST_FIELDS = {
  factor: contrastFactorField(),
  valueRange: valueRangeField(),
  ...AUGMENTATION_FIELDS,
} satisfies FieldsOf<RandomContrastArgs>;

/**
 * While training, scales each image's deviation from its per-channel mean by its own random
 * factor, then clips to `valueRange` (`RandomContrast`); otherwise passes inputs through.
 *
 * ```ts
 * randomContrast({ factor: 0.2, valueRange: [0, 1], seed: 1 }); // factors in [0.8, 1.2]
 * ```
 */
export class RandomContrast extends AugmentationLayer<RandomContrastArgs> {
  static override readonly className = 'RandomContrast';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RANDOM_CONTRAST_FIELDS;
  declare readonly factor: Factor;
  declare readonly valueRange: [number, number];
  /** The contrast factors drawn from: [1 - lower, 1 + upper]. */
  private get range(): [number, number] {
    const [lower, upper] = this.rangeOf('factor', this.factor, CONTRAST_BOUNDS);
    return [1 - lower, 1 + upper];
  }

  override build(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, '[batch, height, width, channels] (NHWC)');
    super.build(inputShape);
  }

  protected augment(images: Tensor): Tensor {
    const n = images.shape[0]!;
    const random = this.random();
    const [low, high] = this.range;
    const factors = Float32Array.from({ length: n }, () => drawUniform(random, low, high));
    const means = mean(images, [1, 2], true);
    const scaled = add(mul(sub(images, means), tensor(factors, [n, 1, 1, 1])), means);
    return clipByValue(scaled, this.valueRange[0], this.valueRange[1]);
  }
}

/** Random contrast changes while training (`RandomContrast`). */
export const randomContrast = layerFactory('randomContrast', RandomContrast);
