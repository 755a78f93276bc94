/**
 * What the augmentation layers share: a seeded generator that advances with every training call,
 * identity outside training, and the checks of Keras' factor, fill and interpolation arguments.
 */
import {
  cast,
  FILL_MODES,
  type FillMode,
  augmentationFactorRange as factorRange,
  INTERPOLATIONS,
  type Interpolation,
  Prng,
  type ProjectiveTransform,
  planImageSampling,
  resampleImages,
  seedFromGlobalGenerator,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Field } from '../../engine/config-schema';
import type { CallContext, LayerArgs } from '../../engine/layer';
import { Layer } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { seedField } from '../fields';
import { expectRank, who } from '../layer-utils';

/** Options every augmentation layer takes. */
export interface AugmentationArgs extends LayerArgs {
  /**
   * Seeds the layer's own generator, which advances with every training call: each batch gets new
   * draws, and two layers with the same seed give the same sequence. Without a seed, the generator
   * is seeded on first use from core's global one, so `setSeed(n)` makes a whole run repeatable.
   */
  seed?: number | null;
}

/** A factor as Keras takes it: a number f (the range [-f, f]) or a range [lower, upper]. */
export type Factor = number | readonly [number, number];

/**
 * A layer that changes its input only while training (`context.training`); at inference it
 * returns a copy of the input. Subclasses implement `augment` and draw from `random()`.
 */
export abstract class AugmentationLayer<A extends LayerArgs = LayerArgs> extends Layer<A> {
  declare readonly seed: number | undefined;
  private generator?: Prng;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  /**
   * The range [lower, upper] that the factor option `key` stands for (core's
   * `augmentationFactorRange`, with the bounds its field checked).
   */
  protected rangeOf(key: string, factor: Factor, bounds: FactorBounds = {}): [number, number] {
    return factorRange(who(this), key, factor, bounds);
  }

  /** The layer's generator, created on first use. */
  protected random(): Prng {
    if (!this.generator) this.generator = new Prng(this.seed ?? seedFromGlobalGenerator());
    return this.generator;
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    if (!context.training) return input.clone();
    return tidy(() => this.augment(input.dtype === 'float32' ? input : cast(input, 'float32')));
  }

  /** The training-time transform of a float32 batch. */
  protected abstract augment(input: Tensor): Tensor;
}

/** An augmentation layer that resamples NHWC images through a per-image affine transform. */
export abstract class AffineAugmentationLayer<
  A extends AffineAugmentationArgs = AffineAugmentationArgs,
> extends AugmentationLayer<A> {
  declare readonly fillMode: FillMode;
  declare readonly interpolation: Interpolation;
  declare readonly fillValue: number;

  override build(inputShape: SymbolicShape): void {
    expectRank(who(this), inputShape, 4, '[batch, height, width, channels] (NHWC)');
    super.build(inputShape);
  }

  /** One transform per image, drawn from the layer's generator. */
  protected abstract drawTransform(height: number, width: number): ProjectiveTransform;

  protected augment(images: Tensor): Tensor {
    const [n, h, w] = images.shape as [number, number, number, number];
    const transforms = Array.from({ length: n }, () => this.drawTransform(h, w));
    return resampleImages(
      images,
      planImageSampling(transforms, h, w, this.fillMode, this.interpolation),
      this.fillValue,
    );
  }
}

/** `v`, one of `allowed`, or `fallback` when absent. */
export function oneOf<T extends string>(
  owner: string,
  name: string,
  v: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (v === undefined || v === null) return fallback;
  // Model files store enum values camelCased ('horizontalAndVertical'): accept both spellings.
  const spelled =
    typeof v === 'string' ? v.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`) : undefined;
  const found = allowed.find((a) => a === v || a === spelled);
  if (found === undefined) {
    throw new ValueError(
      `${owner}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`,
    );
  }
  return found;
}

/** A finite number. */
export function finite(owner: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${owner}: ${name} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** A Keras factor as its range [lower, upper] (core's `augmentationFactorRange`). */
export { factorRange };

/** A factor as given, copied (a pair is stored as a new array). */
export function copyFactor(v: Factor): Factor {
  return typeof v === 'number' ? v : [v[0], v[1]];
}

/** Only channels-last images. */
export function channelsLastOnly(owner: string, v: unknown): void {
  if (v !== undefined && v !== null && v !== 'channels_last' && v !== 'channelsLast') {
    throw new ValueError(
      `${owner}: dataFormat ${JSON.stringify(v)} is not supported: expected 'channels_last' (NHWC)`,
    );
  }
}

/** One of a few Keras names (camelCase spellings accepted, as TF.js writes them). */
export function choiceField<T extends string>(allowed: readonly T[], fallback: T): Field<T> {
  return { read: (v, owner, key) => oneOf(owner, key, v, allowed, fallback) };
}

/** A finite number, `fallback` when absent. */
export const finiteField = (fallback: number): Field<number> => ({
  read: (v, owner, key) => finite(owner, key, v ?? fallback),
});

/** Keras writes `data_format`; Glia takes channels-last only and leaves it out of the config. */
export const kerasChannelsLastField = (): Field<null> & { readonly placeholder: true } => ({
  placeholder: true,
  read: (v, owner) => {
    channelsLastOnly(owner, v);
    return null;
  },
  omitWhen: () => true,
});

/** What a factor's range must satisfy (see `augmentationFactorRange`). */
export interface FactorBounds {
  min?: number;
  max?: number;
  /** What a single number f stands for: [-f, f] ('symmetric', the default) or [f, f]. */
  single?: 'symmetric' | 'same';
}

/** An augmentation factor (see `augmentationFactorRange`), kept as given. */
export function factorField(bounds: FactorBounds = {}): Field<Factor> {
  return {
    read: (v, owner, key) => {
      factorRange(owner, key, v, bounds);
      return copyFactor(v as Factor);
    },
    write: copyFactor,
  };
}

/** The seed every augmentation layer takes. */
export const AUGMENTATION_FIELDS = { seed: seedField() };

/** What the geometric augmentations take besides: how pixels are sampled and filled. */
export const AFFINE_FIELDS = {
  ...AUGMENTATION_FIELDS,
  fillMode: choiceField(FILL_MODES, 'reflect'),
  interpolation: choiceField(INTERPOLATIONS, 'bilinear'),
  fillValue: finiteField(0),
  dataFormat: kerasChannelsLastField(),
};

/** The arguments of the geometric augmentations. */
export interface AffineAugmentationArgs extends AugmentationArgs {
  /** How pixels from outside the image are filled (default 'reflect'). */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** The value outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
  /** 'channels_last' only. */
  dataFormat?: string | null;
}
