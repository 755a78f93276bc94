/**
 * Seeded image augmentation as dataset operators: each returns a transform for `dataset.map` that
 * changes the images of an element (a tensor, or the `xs` of `{xs, ys}`) and leaves the rest.
 * Geometric transforms resample with core's ops (on whichever backend is active); the random
 * draws come from core's `Prng` on the host, image by image, in the same order as @glia/layers'
 * augmentation layers, whose Keras 3 arguments these take.
 *
 * ```ts
 * const train = Dataset.fromTensors({ xs: images, ys: labels })
 *   .map(augment.randomRotation({ factor: 0.05, seed: 1 }))
 *   .batch(32);
 * ```
 */
import {
  add,
  cast,
  checkOptions,
  clipByValue,
  composeTransforms,
  drawFlipTransform,
  drawRotationTransform,
  drawTranslationTransform,
  drawUniform,
  drawZoomTransform,
  FILL_MODES,
  type FillMode,
  FLIP_MODES,
  type FlipMode,
  augmentationFactorRange as factorRange,
  IDENTITY_TRANSFORM,
  INTERPOLATIONS,
  type Interpolation,
  lookupName,
  mean,
  mul,
  Prng,
  type ProjectiveTransform,
  planImageSampling,
  resampleImages,
  reshape,
  ShapeError,
  seedFromGlobalGenerator,
  sub,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';

// Local aliases rather than `export type { ... }` of core's names: the .d.ts bundler turns a type
// re-exported through the `augment` namespace into a value (TS2693 for users).
/** How pixels from outside an image are filled (core's `FillMode`). */
export type AugmentFillMode = FillMode;
/** Which axes a flip may mirror (core's `FlipMode`). */
export type AugmentFlipMode = FlipMode;
/** How resampled pixels are read (core's `Interpolation`). */
export type AugmentInterpolation = Interpolation;
export type {
  AugmentFillMode as FillMode,
  AugmentFlipMode as FlipMode,
  AugmentInterpolation as Interpolation,
};

/** A dataset element these transforms take: images, or an object holding them under `key`. */
export type AugmentableElement = Tensor | { readonly [key: string]: unknown };

/**
 * A seeded per-element transform for `Dataset.map`. Elements hold one image [h, w, c] or a batch
 * [n, h, w, c] (each image gets its own draw). The generator advances with every element, so each
 * pass over the dataset (each epoch) sees new draws, and two pipelines built with the same seed
 * see the same ones.
 */
export type ImageAugmentation = <E extends AugmentableElement>(element: E) => E;

/** A factor as Keras takes it: a number f (the range [-f, f]) or a range [lower, upper]. */
export type Factor = number | readonly [number, number];

/** Options every operator takes. */
export interface AugmentOptions {
  /** Seeds the operator's generator; without one it is seeded from core's global one (`setSeed`). */
  seed?: number;
  /** The field of object elements holding the images (default 'xs'). */
  key?: string;
}

/** Options of the operators that resample. */
export interface ResampleOptions {
  /** How pixels from outside the image are read (default 'reflect', as Keras). */
  fillMode?: FillMode;
  /** The value outside the image with fillMode 'constant' (default 0). */
  fillValue?: number;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
}

export interface RandomFlipOptions extends AugmentOptions {
  /** Default 'horizontal_and_vertical'; each allowed axis flips with probability 1/2. */
  mode?: FlipMode;
}
export interface RandomTranslationOptions extends AugmentOptions, ResampleOptions {
  /** Fraction of the height, in [-1, 1]; positive moves down. */
  heightFactor: Factor;
  /** Fraction of the width, in [-1, 1]; positive moves right. */
  widthFactor: Factor;
}
export interface RandomRotationOptions extends AugmentOptions, ResampleOptions {
  /** Fraction of a full turn; positive rotates counter-clockwise. */
  factor: Factor;
}
export interface RandomZoomOptions extends AugmentOptions, ResampleOptions {
  /** The image scales by 1 + a draw (each bound >= -1): positive zooms out, negative in. */
  heightFactor: Factor;
  /** Without it, both axes share the height's draw. */
  widthFactor?: Factor | null;
}
export interface RandomContrastOptions extends AugmentOptions {
  /** The factor is drawn from [1 - lower, 1 + upper]; a number f means lower = upper = f; in [0, 1]. */
  factor: Factor;
  /** Outputs are clipped to it (default [0, 255], as Keras: pass [0, 1] for images in [0, 1]). */
  valueRange?: readonly [number, number];
}
export interface GaussianNoiseOptions extends AugmentOptions {
  /** Standard deviation of the added noise (>= 0). */
  stddev: number;
}

/** Every augmentation at once: one resampling for all the geometric ones. */
export interface AugmentImagesOptions extends AugmentOptions, ResampleOptions {
  flip?: FlipMode;
  rotation?: Factor;
  zoom?: Factor | { heightFactor: Factor; widthFactor?: Factor | null };
  translation?: { heightFactor: Factor; widthFactor: Factor };
  contrast?: Factor | { factor: Factor; valueRange?: readonly [number, number] };
  noise?: number;
}

const AUGMENT_KEYS = Object.keys({ seed: true, key: true } satisfies Record<
  keyof AugmentOptions,
  true
>);
const RESAMPLE_KEYS = Object.keys({
  fillMode: true,
  fillValue: true,
  interpolation: true,
} satisfies Record<keyof ResampleOptions, true>);

/** The keys of augmentImages' object forms of zoom, translation and contrast (checked by the compiler). */
type ObjectForm<K extends keyof AugmentImagesOptions> = Extract<
  NonNullable<AugmentImagesOptions[K]>,
  { readonly [key: string]: unknown }
>;
const ZOOM_KEYS = Object.keys({ heightFactor: true, widthFactor: true } satisfies Record<
  keyof ObjectForm<'zoom'>,
  true
>);
const TRANSLATION_KEYS = Object.keys({ heightFactor: true, widthFactor: true } satisfies Record<
  keyof ObjectForm<'translation'>,
  true
>);
const CONTRAST_KEYS = Object.keys({ factor: true, valueRange: true } satisfies Record<
  keyof ObjectForm<'contrast'>,
  true
>);

/**
 * Checks an operator's options: the shared keys, the resampling ones when `O` has them, and `own`,
 * which the compiler checks against the rest of `O`'s keys.
 */
function checkOperatorOptions<O>(
  op: string,
  options: unknown,
  own: Record<Exclude<keyof O, keyof AugmentOptions | keyof ResampleOptions>, true>,
  resamples: boolean,
): void {
  const keys = [...Object.keys(own), ...AUGMENT_KEYS, ...(resamples ? RESAMPLE_KEYS : [])];
  checkOptions(op, `${op}({ ${keys.map((k) => `${k}?`).join(', ')} })`, options, keys);
}

/** Mirrors images at random. */
export function randomFlip(options: RandomFlipOptions = {}): ImageAugmentation {
  checkOperatorOptions<RandomFlipOptions>('randomFlip', options, { mode: true }, false);
  const { mode, ...rest } = options;
  return augmentImages({ ...rest, flip: mode ?? 'horizontal_and_vertical' });
}

/** Shifts images by random fractions of their height and width. */
export function randomTranslation(options: RandomTranslationOptions): ImageAugmentation {
  checkOperatorOptions<RandomTranslationOptions>(
    'randomTranslation',
    options,
    { heightFactor: true, widthFactor: true },
    true,
  );
  const { heightFactor, widthFactor, ...rest } = options;
  return augmentImages({ ...rest, translation: { heightFactor, widthFactor } });
}

/** Rotates images about their centre by random angles. */
export function randomRotation(options: RandomRotationOptions): ImageAugmentation {
  checkOperatorOptions<RandomRotationOptions>('randomRotation', options, { factor: true }, true);
  const { factor, ...rest } = options;
  return augmentImages({ ...rest, rotation: factor });
}

/** Zooms images about their centre by random amounts. */
export function randomZoom(options: RandomZoomOptions): ImageAugmentation {
  checkOperatorOptions<RandomZoomOptions>(
    'randomZoom',
    options,
    { heightFactor: true, widthFactor: true },
    true,
  );
  const { heightFactor, widthFactor, ...rest } = options;
  return augmentImages({ ...rest, zoom: { heightFactor, widthFactor } });
}

/** Scales each image's deviation from its per-channel mean by a random factor, then clips. */
export function randomContrast(options: RandomContrastOptions): ImageAugmentation {
  checkOperatorOptions<RandomContrastOptions>(
    'randomContrast',
    options,
    { factor: true, valueRange: true },
    false,
  );
  const { factor, valueRange, ...rest } = options;
  return augmentImages({ ...rest, contrast: { factor, valueRange } });
}

/** Adds zero-mean Gaussian noise. */
export function gaussianNoise(options: GaussianNoiseOptions): ImageAugmentation {
  checkOperatorOptions<GaussianNoiseOptions>('gaussianNoise', options, { stddev: true }, false);
  const { stddev, ...rest } = options;
  return augmentImages({ ...rest, noise: stddev });
}

/**
 * A transform that draws, per image and in this order, a flip, a rotation, a zoom and a
 * translation (applied as one resampling, so the image is interpolated once), then a contrast
 * factor, then noise. Only the parts given take part.
 *
 * ```ts
 * dataset.map(augmentImages({ rotation: 0.03, zoom: 0.1, translation: { heightFactor: 0.1, widthFactor: 0.1 }, fillMode: 'constant', seed: 7 }));
 * ```
 */
export function augmentImages(options: AugmentImagesOptions): ImageAugmentation {
  const op = 'augmentImages';
  checkOperatorOptions<AugmentImagesOptions>(
    op,
    options,
    { flip: true, rotation: true, zoom: true, translation: true, contrast: true, noise: true },
    true,
  );
  for (const [name, value, keys] of [
    ['zoom', options.zoom, ZOOM_KEYS],
    ['translation', options.translation, TRANSLATION_KEYS],
    ['contrast', options.contrast, CONTRAST_KEYS],
  ] as const) {
    // Numbers and [lower, upper] pairs are the short forms; an object is checked like the options.
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      checkOptions(op, `${op}({ ${name}: { ${keys.join(', ')} } })`, value, keys);
  }
  const key = options.key ?? 'xs';
  const fillMode = lookupName(op, 'fillMode', namesOf(FILL_MODES), options.fillMode ?? 'reflect');
  const interpolation = lookupName(
    op,
    'interpolation',
    namesOf(INTERPOLATIONS),
    options.interpolation ?? 'bilinear',
  );
  const fillValue = finite(op, 'fillValue', options.fillValue ?? 0);
  // A null flip (from JavaScript) flips horizontally, as before.
  const flip =
    options.flip === undefined
      ? null
      : lookupName(op, 'flip', namesOf(FLIP_MODES), options.flip ?? 'horizontal');
  const rotation =
    options.rotation === undefined ? null : factorRange(op, 'rotation', options.rotation);
  const zoomArgs =
    options.zoom === undefined
      ? null
      : typeof options.zoom === 'number' || Array.isArray(options.zoom)
        ? { heightFactor: options.zoom as Factor, widthFactor: null }
        : (options.zoom as { heightFactor: Factor; widthFactor?: Factor | null });
  const zoom =
    zoomArgs === null
      ? null
      : {
          height: factorRange(op, 'zoom.heightFactor', zoomArgs.heightFactor, { min: -1 }),
          width:
            zoomArgs.widthFactor === undefined || zoomArgs.widthFactor === null
              ? null
              : factorRange(op, 'zoom.widthFactor', zoomArgs.widthFactor, { min: -1 }),
        };
  const translation =
    options.translation === undefined
      ? null
      : {
          height: factorRange(op, 'translation.heightFactor', options.translation.heightFactor, {
            min: -1,
            max: 1,
          }),
          width: factorRange(op, 'translation.widthFactor', options.translation.widthFactor, {
            min: -1,
            max: 1,
          }),
        };
  const contrastArgs =
    options.contrast === undefined
      ? null
      : typeof options.contrast === 'number' || Array.isArray(options.contrast)
        ? { factor: options.contrast as Factor, valueRange: undefined }
        : (options.contrast as { factor: Factor; valueRange?: readonly [number, number] });
  const contrast = contrastArgs === null ? null : contrastSettings(op, contrastArgs);
  const noise = options.noise === undefined ? 0 : finite(op, 'noise', options.noise);
  if (noise < 0)
    throw new ValueError(`${op}: noise (a standard deviation) must be >= 0, got ${noise}`);
  const geometric = flip !== null || rotation !== null || zoom !== null || translation !== null;
  if (options.seed !== undefined) finite(op, 'seed', options.seed);

  let generator: Prng | undefined;
  const random = (): Prng => {
    generator ??= new Prng(options.seed ?? seedFromGlobalGenerator());
    return generator;
  };

  const transformImages = (images: Tensor): Tensor => {
    if (images.rank !== 3 && images.rank !== 4) {
      throw new ShapeError(
        `${op}: images have shape [${images.shape.join(',')}]: expected [height, width, channels] or [batch, height, width, channels]`,
      );
    }
    return tidy(() => {
      const batch = images.rank === 4 ? images : reshape(images, [1, ...images.shape]);
      const [n, h, w, c] = batch.shape as [number, number, number, number];
      const source = random();
      const transforms: ProjectiveTransform[] = [];
      const contrastFactors = new Float32Array(n);
      const noiseValues = noise > 0 ? new Float32Array(n * h * w * c) : null;
      for (let i = 0; i < n; i++) {
        let t: ProjectiveTransform = IDENTITY_TRANSFORM;
        if (flip !== null) t = composeTransforms(t, drawFlipTransform(source, flip, h, w));
        if (rotation !== null)
          t = composeTransforms(t, drawRotationTransform(source, rotation, h, w));
        if (zoom !== null)
          t = composeTransforms(t, drawZoomTransform(source, zoom.height, zoom.width, h, w));
        if (translation !== null)
          t = composeTransforms(
            t,
            drawTranslationTransform(source, translation.height, translation.width, h, w),
          );
        transforms.push(t);
        if (contrast !== null)
          contrastFactors[i] = drawUniform(source, contrast.lower, contrast.upper);
        if (noiseValues !== null) {
          const size = h * w * c;
          for (let j = i * size; j < (i + 1) * size; j++)
            noiseValues[j] = noise * source.nextNormal();
        }
      }
      let out = batch.dtype === 'float32' ? batch : cast(batch, 'float32');
      if (geometric) {
        out = resampleImages(
          out,
          planImageSampling(transforms, h, w, fillMode, interpolation),
          fillValue,
        );
      }
      if (contrast !== null) {
        const means = mean(out, [1, 2], true);
        out = add(mul(sub(out, means), tensor(contrastFactors, [n, 1, 1, 1])), means);
        out = clipByValue(out, contrast.valueRange[0], contrast.valueRange[1]);
      }
      if (noiseValues !== null) out = add(out, tensor(noiseValues, [n, h, w, c]));
      return images.rank === 4 ? out : reshape(out, images.shape);
    });
  };

  return <E extends AugmentableElement>(element: E): E => {
    if (isTensor(element)) return transformImages(element) as E;
    const images = (element as Record<string, unknown>)[key];
    if (!isTensor(images)) {
      throw new ValueError(
        `${op}: the element has no tensor under '${key}': pass a tensor, an object with images under 'xs', or set key`,
      );
    }
    return { ...element, [key]: transformImages(images) };
  };
}

function isTensor(v: unknown): v is Tensor {
  return (
    typeof v === 'object' &&
    v !== null &&
    'shape' in v &&
    'dtype' in v &&
    typeof (v as { dataSync?: unknown }).dataSync === 'function'
  );
}

function contrastSettings(
  op: string,
  args: { factor: Factor; valueRange?: readonly [number, number] },
): { lower: number; upper: number; valueRange: readonly [number, number] } {
  const [lower, upper] = factorRange(op, 'contrast.factor', args.factor, { single: 'same' });
  if (lower < 0 || lower > 1 || upper < 0 || upper > 1) {
    throw new ValueError(
      `${op}: contrast factor ${JSON.stringify(args.factor)} must hold values in [0, 1]`,
    );
  }
  const vr = args.valueRange ?? [0, 255];
  if (!Array.isArray(vr) || vr.length !== 2 || !vr.every(Number.isFinite) || !(vr[0] < vr[1])) {
    throw new ValueError(
      `${op}: contrast valueRange must be a pair [low, high] of finite numbers with low < high, got ${JSON.stringify(args.valueRange)}`,
    );
  }
  return { lower: 1 - lower, upper: 1 + upper, valueRange: vr };
}

/** The names `allowed` as a table for core's `lookupName`, each naming itself. */
function namesOf<T extends string>(allowed: readonly T[]): ReadonlyMap<string, T> {
  return new Map(allowed.map((a) => [a, a]));
}

function finite(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${op}: ${name} must be a finite number, got ${JSON.stringify(v)}`);
  }
  return v;
}
