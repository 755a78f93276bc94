/**
 * Random projective transforms drawn on the host, one image at a time, in a fixed order, so that
 * every caller (the augmentation layers of @glia/layers, the dataset operators of @glia/datasets)
 * gives the same images for the same seed. Factor ranges are [lower, upper], validated by
 * `augmentationFactorRange`.
 */
import { ValueError } from '../../errors';
import {
  flipTransform,
  type ProjectiveTransform,
  rotationTransform,
  translationTransform,
  zoomTransform,
} from './transforms';

/** Uniform numbers in [0, 1): core's `Prng` is one. */
export interface UniformSource {
  nextFloat(): number;
}

/** Which axes `drawFlipTransform` may flip, as Keras spells them. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

/** Every `FlipMode`, for validating arguments. */
export const FLIP_MODES: readonly FlipMode[] = [
  'horizontal',
  'vertical',
  'horizontal_and_vertical',
];

/**
 * Uniform in [lower, upper); exactly `lower`, drawing nothing, when the two are equal.
 *
 * ```ts
 * const source = { nextFloat: () => 0.75 }; // a fixed draw; use new glia.Prng(seed) in real code
 * console.log(glia.drawUniform(source, -0.1, 0.1)); // 0.05
 * ```
 */
export function drawUniform(source: UniformSource, lower: number, upper: number): number {
  return lower === upper ? lower : lower + (upper - lower) * source.nextFloat();
}

/**
 * A translation by fractions of the height and width drawn from their ranges (height first).
 *
 * ```ts
 * const source = { nextFloat: () => 0.75 }; // a fixed draw; use new glia.Prng(seed) in real code
 * const t = glia.drawTranslationTransform(source, [-0.1, 0.1], [-0.2, 0.2], 10, 20);
 * console.log(t); // [1, 0, -2, 0, 1, -0.5, 0, 0]
 * ```
 */
export function drawTranslationTransform(
  source: UniformSource,
  heightRange: readonly [number, number],
  widthRange: readonly [number, number],
  height: number,
  width: number,
): ProjectiveTransform {
  const dy = drawUniform(source, heightRange[0], heightRange[1]) * height;
  const dx = drawUniform(source, widthRange[0], widthRange[1]) * width;
  return translationTransform(dx, dy);
}

/**
 * A rotation by a fraction of a full turn drawn from `range`.
 *
 * ```ts
 * const source = { nextFloat: () => 0.75 }; // a fixed draw: a quarter turn from [-0.5, 0.5]
 * const t = glia.drawRotationTransform(source, [-0.5, 0.5], 3, 3);
 * console.log(t); // [0, -1, 2, 1, 0, 0, 0, 0]
 * ```
 */
export function drawRotationTransform(
  source: UniformSource,
  range: readonly [number, number],
  height: number,
  width: number,
): ProjectiveTransform {
  const angle = drawUniform(source, range[0] * 2 * Math.PI, range[1] * 2 * Math.PI);
  return rotationTransform(angle, height, width);
}

/**
 * A zoom of 1 + a value from each range; without a width range, both axes share the height's.
 *
 * ```ts
 * const source = { nextFloat: () => 0.75 }; // a fixed draw: zoom 1 + 0.25 on both axes
 * const t = glia.drawZoomTransform(source, [-0.5, 0.5], null, 5, 5);
 * console.log(t); // [1.25, 0, -0.5, 0, 1.25, -0.5, 0, 0]
 * ```
 */
export function drawZoomTransform(
  source: UniformSource,
  heightRange: readonly [number, number],
  widthRange: readonly [number, number] | null,
  height: number,
  width: number,
): ProjectiveTransform {
  const zoomY = 1 + drawUniform(source, heightRange[0], heightRange[1]);
  const zoomX = widthRange ? 1 + drawUniform(source, widthRange[0], widthRange[1]) : zoomY;
  return zoomTransform(zoomX, zoomY, height, width);
}

/**
 * Flips each axis that `mode` allows with probability 1/2 (horizontal drawn first).
 *
 * ```ts
 * const source = { nextFloat: () => 0.25 }; // a fixed draw below 1/2: flip
 * console.log(glia.drawFlipTransform(source, 'horizontal', 4, 4)); // [-1, 0, 3, 0, 1, 0, 0, 0]
 * ```
 */
export function drawFlipTransform(
  source: UniformSource,
  mode: FlipMode,
  height: number,
  width: number,
): ProjectiveTransform {
  const horizontal = mode !== 'vertical' && source.nextFloat() < 0.5;
  const vertical = mode !== 'horizontal' && source.nextFloat() < 0.5;
  return flipTransform(horizontal, vertical, height, width);
}

/**
 * A Keras augmentation factor as its range [lower, upper]: a number f means [-f, f] (or [f, f] when
 * `single` is 'same'), a pair is taken as given; each bound must lie within [min, max]. Errors name
 * `owner` (the layer or operator) and the option.
 *
 * ```ts
 * console.log(glia.augmentationFactorRange('randomRotation', 'factor', 0.1)); // [-0.1, 0.1]
 * console.log(glia.augmentationFactorRange('randomZoom', 'factor', [-0.2, 0.3])); // [-0.2, 0.3]
 * ```
 */
export function augmentationFactorRange(
  owner: string,
  name: string,
  v: unknown,
  bounds: { min?: number; max?: number; single?: 'symmetric' | 'same' } = {},
): [number, number] {
  let range: [number, number];
  if (typeof v === 'number' && Number.isFinite(v)) {
    range = bounds.single === 'same' ? [v, v] : [-Math.abs(v), Math.abs(v)];
  } else if (
    Array.isArray(v) &&
    v.length === 2 &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x))
  ) {
    range = [v[0], v[1]];
  } else {
    throw new ValueError(
      `${owner}: ${name} must be a number or a pair [lower, upper] of numbers, got ${JSON.stringify(v)}`,
    );
  }
  if (range[0] > range[1]) {
    throw new ValueError(
      `${owner}: ${name} ${JSON.stringify(v)}: the lower bound ${range[0]} exceeds the upper bound ${range[1]}`,
    );
  }
  const { min, max } = bounds;
  if ((min !== undefined && range[0] < min) || (max !== undefined && range[1] > max)) {
    throw new ValueError(
      `${owner}: ${name} ${JSON.stringify(v)} must lie within [${min ?? '-Infinity'}, ${max ?? 'Infinity'}]`,
    );
  }
  return range;
}
