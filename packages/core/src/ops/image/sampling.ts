/**
 * Which source pixels (and bilinear weights) each output pixel of a projective transform reads,
 * computed on the host: the plan `resampleImages` runs with one gather, so no backend needs an
 * image kernel.
 */
import { ValueError } from '../../errors';
import type { ProjectiveTransform } from './transforms';

/** How pixels outside the image are read, as in Keras (input `a b c d`). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
/** How a pixel between source pixels is read. */
export type Interpolation = 'bilinear' | 'nearest';

/** Every `FillMode`, for validating arguments. */
export const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
/** Every `Interpolation`, for validating arguments. */
export const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

/**
 * Where index `i` of an axis of `size` pixels reads under `mode`, or -1 for the fill value:
 * reflect `d c b a | a b c d | d c b a`, wrap `a b c d | a b c d | a b c d`,
 * nearest `a a a a | a b c d | d d d d`, constant `k k k k | a b c d | k k k k`.
 *
 * ```ts
 * console.log(glia.fillIndex(-1, 4, 'wrap'), glia.fillIndex(-1, 4, 'reflect')); // 3 0
 * console.log(glia.fillIndex(5, 4, 'nearest'), glia.fillIndex(5, 4, 'constant')); // 3 -1
 * ```
 */
export function fillIndex(i: number, size: number, mode: FillMode): number {
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
 * What each output pixel of a batch reads. Rows index the input images flattened to
 * [images·inputHeight·inputWidth, channels]; output pixel p reads rows `indices[p·taps + t]` with
 * weights `weights[p·taps + t]`, plus the fill value with weight `fill[p]`.
 */
export interface ImageSamplingPlan {
  /** Number of images. */
  images: number;
  inputHeight: number;
  inputWidth: number;
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
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
 * The sampling plan for a batch of `height`×`width` images, one transform per image, with an
 * output of `outputSize` ([height, width], default the input's). Bilinear interpolation weighs
 * the four pixels around each coordinate; the fill mode applies to each of them.
 *
 * ```ts
 * const shift = glia.translationTransform(1, 0);
 * const plan = glia.planImageSampling([shift], 1, 4, 'constant', 'nearest');
 * console.log(plan.height, plan.width, plan.taps); // 1 4 1
 * console.log(plan.fill); // [1, 0, 0, 0]
 * ```
 */
export function planImageSampling(
  transforms: readonly ProjectiveTransform[],
  height: number,
  width: number,
  fillMode: FillMode,
  interpolation: Interpolation,
  outputSize: readonly [number, number] = [height, width],
): ImageSamplingPlan {
  const [outHeight, outWidth] = outputSize;
  for (const [name, v] of [
    ['height', height],
    ['width', width],
    ['output height', outHeight],
    ['output width', outWidth],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new ValueError(`planImageSampling: ${name} must be a non-negative integer, got ${v}`);
  }
  if (!FILL_MODES.includes(fillMode))
    throw new ValueError(
      `planImageSampling: fillMode must be one of ${FILL_MODES.map((m) => `'${m}'`).join(', ')}, got '${fillMode}'`,
    );
  if (!INTERPOLATIONS.includes(interpolation))
    throw new ValueError(
      `planImageSampling: interpolation must be one of ${INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}, got '${interpolation}'`,
    );
  transforms.forEach((t, i) => {
    if (t.length !== 8 || !t.every(Number.isFinite))
      throw new ValueError(
        `planImageSampling: transform ${i} is [${t.join(', ')}]: expected 8 finite numbers`,
      );
  });
  const inPixels = height * width;
  const pixels = outHeight * outWidth;
  const count = transforms.length * pixels;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  let whole = true;
  transforms.forEach((t, image) => {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        const k = t[6] * x + t[7] * y + 1;
        const p = image * pixels + y * outWidth + x;
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
    const r = fillIndex(row, height, fillMode);
    const c = fillIndex(col, width, fillMode);
    if (r < 0 || c < 0) {
      fill[p] = fill[p]! + weight;
      reads = true;
      unitWeights = false;
      return;
    }
    indices[p * taps + t] = image * inPixels + r * width + c;
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
  return {
    images: transforms.length,
    inputHeight: height,
    inputWidth: width,
    height: outHeight,
    width: outWidth,
    taps,
    indices,
    weights: unitWeights ? null : weights,
    fill: reads ? fill : null,
  };
}
