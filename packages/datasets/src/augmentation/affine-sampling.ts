/**
 * The host-side math of geometric image augmentation: Keras' 8-entry projective transforms, the
 * seeded random draws, the fill modes, and the pixels (and bilinear weights) each output pixel
 * reads. No tensors and no imports: @glia/layers (the augmentation layers) and @glia/datasets (the
 * dataset operators) each carry this same file, since neither package may import the other and
 * core stays free of image code. @glia/datasets' `twin-file.test.ts` fails when the copies differ;
 * edit one, then copy it over the other.
 */

/** How pixels outside the image are read, as in Keras (input `a b c d`). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
/** How a pixel between source pixels is read. */
export type Interpolation = 'bilinear' | 'nearest';
/** Which axes `randomFlip` may flip, as Keras spells them. */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

export const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
export const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];
export const FLIP_MODES: readonly FlipMode[] = [
  'horizontal',
  'vertical',
  'horizontal_and_vertical',
];

/** Uniform numbers in [0, 1): core's `Prng` is one. */
export interface UniformSource {
  nextFloat(): number;
}

/**
 * Keras' projective transform `[a0, a1, a2, b0, b1, b2, c0, c1]`: output pixel (x, y) reads the
 * input at ((a0·x + a1·y + a2) / k, (b0·x + b1·y + b2) / k) with k = c0·x + c1·y + 1; x is the
 * column, y the row, both in pixels.
 */
export type Transform = readonly [number, number, number, number, number, number, number, number];

/** The transform that changes nothing. */
export const IDENTITY: Transform = [1, 0, 0, 0, 1, 0, 0, 0];

/** Uniform in [lower, upper); exactly `lower` when the two are equal. */
export function uniform(source: UniformSource, lower: number, upper: number): number {
  return lower === upper ? lower : lower + (upper - lower) * source.nextFloat();
}

/** Moves the image `dx` pixels right and `dy` pixels down. */
export function translation(dx: number, dy: number): Transform {
  return [1, 0, -dx, 0, 1, -dy, 0, 0];
}

/** Rotates the image by `angle` radians about its centre, counter-clockwise for positive angles. */
export function rotation(angle: number, height: number, width: number): Transform {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const xOffset = (width - 1 - (cos * (width - 1) - sin * (height - 1))) / 2;
  const yOffset = (height - 1 - (sin * (width - 1) + cos * (height - 1))) / 2;
  return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
}

/** Scales about the centre: a zoom above 1 zooms out (the image shrinks), below 1 zooms in. */
export function zoom(zoomX: number, zoomY: number, height: number, width: number): Transform {
  return [
    zoomX,
    0,
    ((width - 1) / 2) * (1 - zoomX),
    0,
    zoomY,
    ((height - 1) / 2) * (1 - zoomY),
    0,
    0,
  ];
}

/** Mirrors left-right (`horizontal`) and/or top-bottom (`vertical`). */
export function flip(
  horizontal: boolean,
  vertical: boolean,
  height: number,
  width: number,
): Transform {
  return [
    horizontal ? -1 : 1,
    0,
    horizontal ? width - 1 : 0,
    0,
    vertical ? -1 : 1,
    vertical ? height - 1 : 0,
    0,
    0,
  ];
}

/**
 * The transform that applies `first` to the image, then `second` (as 3×3 matrices, first·second,
 * since each maps output coordinates back to input coordinates).
 */
export function compose(first: Transform, second: Transform): Transform {
  const a = [first[0], first[1], first[2], first[3], first[4], first[5], first[6], first[7], 1];
  const b = [
    second[0],
    second[1],
    second[2],
    second[3],
    second[4],
    second[5],
    second[6],
    second[7],
    1,
  ];
  const m = (r: number, c: number): number =>
    a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  const k = m(2, 2);
  return [
    m(0, 0) / k,
    m(0, 1) / k,
    m(0, 2) / k,
    m(1, 0) / k,
    m(1, 1) / k,
    m(1, 2) / k,
    m(2, 0) / k,
    m(2, 1) / k,
  ];
}

// The random draws, one image at a time, in a fixed order, so the layers and the dataset operators
// give the same images for the same seed. Factor ranges are [lower, upper], already validated.

/** A translation by fractions of the height and width drawn from their ranges (height first). */
export function drawTranslation(
  source: UniformSource,
  heightRange: readonly [number, number],
  widthRange: readonly [number, number],
  height: number,
  width: number,
): Transform {
  const dy = uniform(source, heightRange[0], heightRange[1]) * height;
  const dx = uniform(source, widthRange[0], widthRange[1]) * width;
  return translation(dx, dy);
}

/** A rotation by a fraction of a full turn drawn from `range`. */
export function drawRotation(
  source: UniformSource,
  range: readonly [number, number],
  height: number,
  width: number,
): Transform {
  return rotation(uniform(source, range[0] * 2 * Math.PI, range[1] * 2 * Math.PI), height, width);
}

/** A zoom of 1 + a value from each range; without a width range, both axes share the height's. */
export function drawZoom(
  source: UniformSource,
  heightRange: readonly [number, number],
  widthRange: readonly [number, number] | null,
  height: number,
  width: number,
): Transform {
  const zoomY = 1 + uniform(source, heightRange[0], heightRange[1]);
  const zoomX = widthRange ? 1 + uniform(source, widthRange[0], widthRange[1]) : zoomY;
  return zoom(zoomX, zoomY, height, width);
}

/** Flips each axis that `mode` allows with probability 1/2 (horizontal drawn first). */
export function drawFlip(
  source: UniformSource,
  mode: FlipMode,
  height: number,
  width: number,
): Transform {
  const horizontal = mode !== 'vertical' && source.nextFloat() < 0.5;
  const vertical = mode !== 'horizontal' && source.nextFloat() < 0.5;
  return flip(horizontal, vertical, height, width);
}

/**
 * Where index `i` of an axis of `size` pixels reads under `mode`, or -1 for the fill value:
 * reflect `d c b a | a b c d | d c b a`, wrap `a b c d | a b c d | a b c d`,
 * nearest `a a a a | a b c d | d d d d`, constant `k k k k | a b c d | k k k k`.
 */
export function fixIndex(i: number, size: number, mode: FillMode): number {
  if (i >= 0 && i < size) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : size - 1;
    case 'wrap':
      return ((i % size) + size) % size;
    case 'reflect': {
      const period = 2 * size;
      const j = ((i % period) + period) % period;
      return j < size ? j : period - 1 - j;
    }
  }
}

/**
 * What each output pixel of a batch reads. Rows index the images flattened to
 * [images·height·width, channels]; the output pixel p reads rows `indices[p·taps + t]` with
 * weights `weights[p·taps + t]`, plus the fill value with weight `fill[p]`.
 */
export interface SamplingPlan {
  /** Rows read per output pixel: 4 (bilinear) or 1 (nearest, or every coordinate whole). */
  taps: number;
  indices: Int32Array;
  /** The tap weights; null when every weight is 1. */
  weights: Float32Array | null;
  /** The fill value's weight per output pixel; null when no pixel reads outside the image. */
  fill: Float32Array | null;
}

// Coordinates this close to a whole number are taken as whole, so that a rotation by 90° (whose
// cosine is 6e-17, not 0) or a composed flip reads single pixels exactly.
const SNAP = 1e-9;

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < SNAP ? r : v;
}

/**
 * The sampling plan for a batch of `height`×`width` images, one transform per image. Bilinear
 * interpolation weighs the four pixels around each coordinate; fill modes apply to each of them.
 */
export function planSampling(
  transforms: readonly Transform[],
  height: number,
  width: number,
  fillMode: FillMode,
  interpolation: Interpolation,
): SamplingPlan {
  const pixels = height * width;
  const count = transforms.length * pixels;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let whole = true;
  transforms.forEach((t, image) => {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = t[6] * x + t[7] * y + 1;
        const p = image * pixels + y * width + x;
        xs[p] = snap((t[0] * x + t[1] * y + t[2]) / k);
        ys[p] = snap((t[3] * x + t[4] * y + t[5]) / k);
        if (whole && (!Number.isInteger(xs[p]) || !Number.isInteger(ys[p]))) whole = false;
      }
    }
  });
  const taps = interpolation === 'nearest' || whole ? 1 : 4;
  const indices = new Int32Array(count * taps);
  const weights = new Float32Array(count * taps);
  const fill = new Float32Array(count);
  let reads = false;
  let unitWeights = true;
  const tap = (p: number, t: number, image: number, row: number, col: number, weight: number) => {
    const r = fixIndex(row, height, fillMode);
    const c = fixIndex(col, width, fillMode);
    if (r < 0 || c < 0) {
      fill[p] = fill[p]! + weight;
      reads = true;
      unitWeights = false;
      return;
    }
    indices[p * taps + t] = image * pixels + r * width + c;
    weights[p * taps + t] = weight;
  };
  for (let p = 0; p < count; p++) {
    const image = Math.floor(p / pixels);
    const x = xs[p]!;
    const y = ys[p]!;
    if (taps === 1) {
      tap(p, 0, image, Math.floor(y + 0.5), Math.floor(x + 0.5), 1);
      continue;
    }
    unitWeights = false;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    tap(p, 0, image, y0, x0, (1 - fy) * (1 - fx));
    tap(p, 1, image, y0, x0 + 1, (1 - fy) * fx);
    tap(p, 2, image, y0 + 1, x0, fy * (1 - fx));
    tap(p, 3, image, y0 + 1, x0 + 1, fy * fx);
  }
  return { taps, indices, weights: unitWeights ? null : weights, fill: reads ? fill : null };
}
