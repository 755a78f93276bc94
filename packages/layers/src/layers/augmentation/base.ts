/**
 * What the augmentation layers share: a seeded generator that advances with every training call,
 * identity outside training, and the checks of Keras' factor, fill and interpolation arguments.
 */
import {
  cast,
  FILL_MODES,
  type FillMode,
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
import type { CallContext, LayerArgs } from '../../engine/layer';
import { Layer } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
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
export abstract class AugmentationLayer extends Layer {
  readonly seed?: number;
  private generator?: Prng;

  constructor(args: AugmentationArgs) {
    super(args);
    if (args.seed !== undefined && args.seed !== null) {
      if (typeof args.seed !== 'number' || !Number.isFinite(args.seed)) {
        throw new ValueError(
          `${who(this)}: seed must be a finite number, got ${JSON.stringify(args.seed)}`,
        );
      }
      this.seed = args.seed;
    }
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
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

  override getConfig(): Record<string, unknown> {
    return { seed: this.seed ?? null, ...super.getConfig() };
  }
}

/** An augmentation layer that resamples NHWC images through a per-image affine transform. */
export abstract class AffineAugmentationLayer extends AugmentationLayer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(
    args: AugmentationArgs & {
      fillMode?: FillMode;
      interpolation?: Interpolation;
      fillValue?: number;
      dataFormat?: string | null;
    },
  ) {
    super(args);
    const owner = who(this);
    this.fillMode = oneOf(owner, 'fillMode', args.fillMode, FILL_MODES, 'reflect');
    this.interpolation = oneOf(
      owner,
      'interpolation',
      args.interpolation,
      INTERPOLATIONS,
      'bilinear',
    );
    this.fillValue = finite(owner, 'fillValue', args.fillValue ?? 0);
    channelsLastOnly(owner, args.dataFormat);
  }

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

  override getConfig(): Record<string, unknown> {
    return {
      fillMode: this.fillMode,
      interpolation: this.interpolation,
      fillValue: this.fillValue,
      ...super.getConfig(),
    };
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
export { augmentationFactorRange as factorRange } from '@glia/core';

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
