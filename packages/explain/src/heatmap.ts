/**
 * Attribution heatmaps over images: the attribution, reduced over channels and scaled, coloured by
 * a colormap and blended over the image in grey, so the image shows through where the attribution
 * is small. As RGBA pixels (for a canvas) or as a PNG file.
 */
import { checkOptions, fmtShape, ShapeError, type Tensor, ValueError } from '@glia/core';
import { encodePng } from './png';

/** Colormaps: 'jet', 'hot', 'viridis' for magnitudes, 'coolwarm' (blue, white, red) for signs. */
export type Colormap = 'jet' | 'hot' | 'viridis' | 'coolwarm';

/** `heatmapRgba` and `heatmapPng` settings. */
export interface HeatmapOptions {
  /**
   * What is shown: 'absolute' (default) |a|, 'positive' max(a, 0), 'negative' max(-a, 0), or
   * 'signed' a, coloured with a diverging map. Channels are summed first ('absolute' sums |a|).
   */
  sign?: 'absolute' | 'positive' | 'negative' | 'signed';
  /** Default 'jet' ('coolwarm' for 'signed'). */
  colormap?: Colormap;
  /** The heat's opacity where the attribution is largest, in [0, 1] (default 0.6). */
  alpha?: number;
  /** The percentile of |attribution| shown at full strength (default 99; larger values clip). */
  percentile?: number;
  /** The image's value range, shown black to white (default: its own min to max). */
  imageRange?: readonly [number, number];
  /** Integer upscaling, each pixel drawn as scale × scale (default 1). */
  scale?: number;
}

const HEATMAP_KEYS = Object.keys({
  sign: true,
  colormap: true,
  alpha: true,
  percentile: true,
  imageRange: true,
  scale: true,
} satisfies Record<keyof HeatmapOptions, true>);

/** RGBA pixels, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/**
 * The heatmap of `attribution` over `image` as RGBA pixels. Both are one image, [h, w], [h, w, c]
 * or [1, h, w, c], with the same height and width; a 3-channel image is shown by its luminance.
 */
export async function heatmapRgba(
  image: Tensor,
  attribution: Tensor,
  options: HeatmapOptions = {},
): Promise<RgbaImage> {
  const op = 'heatmap';
  checkOptions(
    'heatmapRgba',
    'heatmapRgba(image, attribution, { sign?, colormap?, alpha?, percentile?, imageRange?, scale? })',
    options,
    HEATMAP_KEYS,
  );
  const img = layout(op, 'image', image);
  const att = layout(op, 'attribution', attribution);
  if (img.height !== att.height || img.width !== att.width) {
    throw new ShapeError(
      `${op}: image ${fmtShape(image.shape)} and attribution ${fmtShape(attribution.shape)} differ in height or width`,
    );
  }
  const sign = options.sign ?? 'absolute';
  if (!['absolute', 'positive', 'negative', 'signed'].includes(sign)) {
    throw new ValueError(
      `${op}: sign must be 'absolute', 'positive', 'negative' or 'signed', got ${JSON.stringify(sign)}`,
    );
  }
  const colormap = options.colormap ?? (sign === 'signed' ? 'coolwarm' : 'jet');
  if (!(colormap in COLORMAPS)) {
    throw new ValueError(
      `${op}: colormap must be one of ${Object.keys(COLORMAPS).join(', ')}, got ${JSON.stringify(colormap)}`,
    );
  }
  const alpha = options.alpha ?? 0.6;
  const percentile = options.percentile ?? 99;
  const scale = options.scale ?? 1;
  if (!(alpha >= 0 && alpha <= 1))
    throw new ValueError(`${op}: alpha must be in [0, 1], got ${alpha}`);
  if (!(percentile > 0 && percentile <= 100)) {
    throw new ValueError(`${op}: percentile must be in (0, 100], got ${percentile}`);
  }
  if (!Number.isInteger(scale) || scale < 1) {
    throw new ValueError(`${op}: scale must be a positive integer, got ${scale}`);
  }
  const { height, width } = img;
  const pixels = height * width;
  const imageValues = await image.data();
  const attValues = await attribution.data();

  // The image in grey, in [0, 1].
  const grey = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    if (img.channels >= 3) {
      const at = p * img.channels;
      grey[p] =
        0.299 * imageValues[at]! + 0.587 * imageValues[at + 1]! + 0.114 * imageValues[at + 2]!;
    } else grey[p] = Number(imageValues[p * img.channels]);
  }
  const [lo, upper] = options.imageRange ?? [
    grey.reduce((a, b) => Math.min(a, b), Infinity),
    grey.reduce((a, b) => Math.max(a, b), -Infinity),
  ];
  const hi = upper > lo ? upper : lo + 1;

  // The attribution per pixel, then scaled so the chosen percentile of |value| is 1.
  const heat = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let s = 0;
    for (let ch = 0; ch < att.channels; ch++) {
      const v = Number(attValues[p * att.channels + ch]);
      s += sign === 'absolute' ? Math.abs(v) : v;
    }
    heat[p] = sign === 'positive' ? Math.max(s, 0) : sign === 'negative' ? Math.max(-s, 0) : s;
  }
  const magnitudes = Array.from(heat, Math.abs).sort((a, b) => a - b);
  const top = magnitudes[Math.min(pixels - 1, Math.ceil((percentile / 100) * pixels) - 1)]!;
  const norm = top > 0 ? top : 1;
  const map = COLORMAPS[colormap];

  const out = new Uint8ClampedArray(pixels * scale * scale * 4);
  const outWidth = width * scale;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const g = Math.min(1, Math.max(0, (grey[p]! - lo) / (hi - lo)));
      const v = Math.max(-1, Math.min(1, heat[p]! / norm));
      const a = alpha * Math.abs(v);
      const color = sampleMap(map, sign === 'signed' ? (v + 1) / 2 : Math.abs(v));
      const rgb = color.map((ch) => 255 * ((1 - a) * g + a * ch));
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const at = ((y * scale + dy) * outWidth + x * scale + dx) * 4;
          out[at] = rgb[0]!;
          out[at + 1] = rgb[1]!;
          out[at + 2] = rgb[2]!;
          out[at + 3] = 255;
        }
      }
    }
  }
  return { width: outWidth, height: height * scale, rgba: out };
}

/**
 * The heatmap of `attribution` over `image` as PNG file bytes (RGB).
 *
 * ```ts
 * const png = await heatmapPng(images.slice(0, 1), attributions.slice(0, 1), { scale: 8 });
 * await writeFile('saliency.png', png);
 * ```
 */
export async function heatmapPng(
  image: Tensor,
  attribution: Tensor,
  options: HeatmapOptions = {},
): Promise<Uint8Array> {
  checkOptions(
    'heatmapPng',
    'heatmapPng(image, attribution, { sign?, colormap?, alpha?, percentile?, imageRange?, scale? })',
    options,
    HEATMAP_KEYS,
  );
  const { width, height, rgba } = await heatmapRgba(image, attribution, options);
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[p * 3] = rgba[p * 4]!;
    rgb[p * 3 + 1] = rgba[p * 4 + 1]!;
    rgb[p * 3 + 2] = rgba[p * 4 + 2]!;
  }
  return encodePng({ width, height, channels: 3, pixels: rgb });
}

/** Height, width and channels of one image [h, w], [h, w, c] or [1, h, w, c]. */
function layout(
  op: string,
  name: string,
  t: Tensor,
): { height: number; width: number; channels: number } {
  const s = t.shape;
  if (s.length === 2) return { height: s[0]!, width: s[1]!, channels: 1 };
  if (s.length === 3) return { height: s[0]!, width: s[1]!, channels: s[2]! };
  if (s.length === 4 && s[0] === 1) return { height: s[1]!, width: s[2]!, channels: s[3]! };
  throw new ShapeError(
    `${op}: ${name} has shape ${fmtShape(s)}: expected one image, [h, w], [h, w, c] or [1, h, w, c]`,
  );
}

type ColorStops = readonly (readonly [number, number, number])[];

// Evenly spaced stops, linearly interpolated.
const COLORMAPS: Record<Colormap, ColorStops> = {
  jet: [
    [0, 0, 0.5],
    [0, 0, 1],
    [0, 0.5, 1],
    [0, 1, 1],
    [0.5, 1, 0.5],
    [1, 1, 0],
    [1, 0.5, 0],
    [1, 0, 0],
    [0.5, 0, 0],
  ],
  hot: [
    [0, 0, 0],
    [1, 0, 0],
    [1, 1, 0],
    [1, 1, 1],
  ],
  viridis: [
    [0.267, 0.005, 0.329],
    [0.283, 0.141, 0.458],
    [0.254, 0.265, 0.53],
    [0.207, 0.372, 0.553],
    [0.164, 0.471, 0.558],
    [0.128, 0.567, 0.551],
    [0.135, 0.659, 0.518],
    [0.267, 0.749, 0.441],
    [0.478, 0.821, 0.318],
    [0.741, 0.873, 0.15],
    [0.993, 0.906, 0.144],
  ],
  coolwarm: [
    [0.23, 0.299, 0.754],
    [0.865, 0.865, 0.865],
    [0.706, 0.016, 0.15],
  ],
};

function sampleMap(stops: ColorStops, t: number): [number, number, number] {
  const at = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(at));
  const f = at - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}
