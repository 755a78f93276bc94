// `predict digit.png`: turn any PNG of one digit into an MNIST-like input (28x28 greyscale, white
// digit on black, values in [0,1]) and classify it with the saved CNN.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as glia from 'glia';
import { PNG } from 'pngjs';
import type { PredictOptions } from './cli-options';
import { activateBackend } from './train';

export const MNIST_SIZE = 28;

/** A greyscale image: `width * height` values in [0, 255], row by row. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/**
 * Decodes a PNG (any bit depth, colour type or interlacing; pngjs rescales 16-bit to 8-bit) into
 * luminance (Rec. 601 weights), compositing transparent pixels over white, as a viewer shows them.
 */
export function decodePng(bytes: Uint8Array, fileName = 'the PNG'): GreyImage {
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new Error(
      `${fileName} is not a readable PNG: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const { width, height, data } = png;
  const pixels = new Float32Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const luminance = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    const alpha = data[4 * i + 3]! / 255;
    pixels[i] = alpha * luminance + (1 - alpha) * 255;
  }
  return { width, height, pixels };
}

/**
 * For each output cell along one axis, the source indices it covers and how much of each (the
 * weights sum to 1): a source of `from` cells mapped onto `to` cells of equal width.
 */
function areaWeights(from: number, to: number): { index: number; weight: number }[][] {
  const scale = from / to;
  return Array.from({ length: to }, (_, o) => {
    const start = o * scale;
    const end = (o + 1) * scale;
    const cells: { index: number; weight: number }[] = [];
    for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 0) cells.push({ index: i, weight: overlap / scale });
    }
    return cells;
  });
}

/** Resizes by area averaging: each output pixel is the mean of the source area it covers. */
export function resizeArea(image: GreyImage, width: number, height: number): GreyImage {
  if (image.width === width && image.height === height) return image;
  const columns = areaWeights(image.width, width);
  const rows = areaWeights(image.height, height);
  // Columns first (height x width), then rows.
  const across = new Float32Array(image.height * width);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (const { index, weight } of columns[x]!)
        sum += weight * image.pixels[y * image.width + index]!;
      across[y * width + x] = sum;
    }
  }
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (const { index, weight } of rows[y]!) sum += weight * across[index * width + x]!;
      pixels[y * width + x] = sum;
    }
  }
  return { width, height, pixels };
}

/** The mean of the outermost pixels: the background's level. */
export function borderMean(image: GreyImage): number {
  const { width, height, pixels } = image;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) {
        sum += pixels[y * width + x]!;
        count++;
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** Centres a non-square image on a square of its background level, so resizing keeps its shape. */
export function padToSquare(image: GreyImage, background: number): GreyImage {
  const side = Math.max(image.width, image.height);
  if (image.width === side && image.height === side) return image;
  const pixels = new Float32Array(side * side).fill(background);
  const left = Math.floor((side - image.width) / 2);
  const top = Math.floor((side - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    pixels.set(
      image.pixels.subarray(y * image.width, (y + 1) * image.width),
      (top + y) * side + left,
    );
  }
  return { width: side, height: side, pixels };
}

/** An image ready for the CNN: 784 values in [0,1], white digit on black. */
export interface MnistInput {
  pixels: Float32Array;
  /** Whether the image had a light background and was inverted. */
  inverted: boolean;
}

/**
 * Makes a greyscale image look like an MNIST digit: padded to a square, resized to 28x28 by area
 * averaging, inverted when its border is light (MNIST digits are white on black), scaled to [0,1].
 */
export function toMnistInput(image: GreyImage): MnistInput {
  const background = borderMean(image);
  const inverted = background > 127.5;
  const resized = resizeArea(padToSquare(image, background), MNIST_SIZE, MNIST_SIZE);
  const pixels = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.min(255, Math.max(0, resized.pixels[i]!));
    pixels[i] = (inverted ? 255 - v : v) / 255;
  }
  return { pixels, inverted };
}

export interface Prediction {
  /** The most probable digit. */
  label: number;
  /** The softmax output, one probability per digit 0..9. */
  probabilities: number[];
  /** The three most probable digits, most probable first. */
  top: { label: number; probability: number }[];
  inverted: boolean;
  sourceSize: { width: number; height: number };
}

/** Classifies an MNIST-like input with `model`. */
export async function classify(
  model: glia.LayersModel<glia.Tensor>,
  input: Float32Array,
): Promise<number[]> {
  const probabilities = glia.tidy(() =>
    model.predict(glia.tensor(input, [1, MNIST_SIZE, MNIST_SIZE, 1])),
  );
  try {
    return Array.from(await probabilities.data());
  } finally {
    probabilities.dispose();
  }
}

/** Ranks the classes by probability and keeps the first `k`. */
export function topK(
  probabilities: readonly number[],
  k = 3,
): { label: number; probability: number }[] {
  return probabilities
    .map((probability, label) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability || a.label - b.label)
    .slice(0, k);
}

/** Reads `options.image`, loads `options.model` and classifies the digit. */
export async function predictPng(options: PredictOptions): Promise<Prediction> {
  await activateBackend(options.backend);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.image);
  } catch (e) {
    throw new Error(`cannot read ${options.image}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const grey = decodePng(bytes, options.image);
  const { pixels, inverted } = toMnistInput(grey);
  const model = glia.singleOutput(await glia.loadModel(`file://${path.resolve(options.model)}`));
  try {
    const probabilities = await classify(model, pixels);
    const top = topK(probabilities);
    return {
      label: top[0]!.label,
      probabilities,
      top,
      inverted,
      sourceSize: { width: grey.width, height: grey.height },
    };
  } finally {
    model.dispose();
  }
}

/** What `predict` prints. */
export function formatPrediction(file: string, prediction: Prediction): string {
  const { width, height } = prediction.sourceSize;
  const notes = [
    `${width}x${height}`,
    ...(width === MNIST_SIZE && height === MNIST_SIZE ? [] : ['resized to 28x28']),
    ...(prediction.inverted ? ['inverted (light background)'] : []),
  ];
  return [
    `${file} (${notes.join(', ')}): ${prediction.label}`,
    ...prediction.top.map(
      ({ label, probability }, i) => `  ${i + 1}. ${label}  ${(100 * probability).toFixed(2)}%`,
    ),
  ].join('\n');
}
