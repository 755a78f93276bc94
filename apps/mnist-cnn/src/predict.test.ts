import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  decodePng,
  formatPrediction,
  type GreyImage,
  padToSquare,
  resizeArea,
  toMnistInput,
  topK,
} from './predict';

/** Encodes RGBA pixels as a PNG with pngjs. */
function encodePng(
  width: number,
  height: number,
  rgba: (x: number, y: number) => number[],
): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) png.data.set(rgba(x, y), 4 * (y * width + x));
  return PNG.sync.write(png);
}

function grey(width: number, height: number, value: (x: number, y: number) => number): GreyImage {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels[y * width + x] = value(x, y);
  return { width, height, pixels };
}

describe('decodePng', () => {
  it('reads luminance and composites transparency over white', () => {
    const bytes = encodePng(
      3,
      1,
      (x) =>
        [
          [255, 0, 0, 255], // red: 0.299 * 255
          [10, 10, 10, 255],
          [0, 0, 0, 0], // transparent: white
        ][x]!,
    );
    const image = decodePng(bytes);
    expect(image.width).toBe(3);
    expect(image.height).toBe(1);
    expect(image.pixels[0]).toBeCloseTo(0.299 * 255, 3);
    expect(image.pixels[1]).toBeCloseTo(10, 3);
    expect(image.pixels[2]).toBeCloseTo(255, 3);
  });

  it('names the file when it is not a PNG', () => {
    expect(() => decodePng(new Uint8Array([1, 2, 3]), 'digit.png')).toThrow(
      /^digit\.png is not a readable PNG: /,
    );
  });
});

describe('resizeArea', () => {
  it('averages each 2x2 block when halving', () => {
    const image = grey(4, 2, (x, y) => x + 4 * y);
    expect(Array.from(resizeArea(image, 2, 1).pixels)).toEqual([
      (0 + 1 + 4 + 5) / 4,
      (2 + 3 + 6 + 7) / 4,
    ]);
  });

  it('weights partly covered pixels by their overlap (3 -> 2)', () => {
    const image = grey(3, 1, (x) => [0, 30, 90][x]!);
    const out = resizeArea(image, 2, 1).pixels;
    // Output 0 covers source [0, 1.5): 0 * 1 + 30 * 0.5 over 1.5.
    expect(out[0]).toBeCloseTo((0 + 15) / 1.5, 5);
    expect(out[1]).toBeCloseTo((15 + 90) / 1.5, 5);
  });

  it('repeats pixels when enlarging, and keeps the mean', () => {
    const image = grey(2, 2, (x, y) => 10 * x + 100 * y);
    const out = resizeArea(image, 4, 4);
    expect(Array.from(out.pixels.subarray(0, 4))).toEqual([0, 0, 10, 10]);
    const mean = (p: Float32Array): number => p.reduce((a, b) => a + b, 0) / p.length;
    expect(mean(out.pixels)).toBeCloseTo(mean(image.pixels), 5);
  });
});

describe('toMnistInput', () => {
  it('passes a 28x28 white-on-black image through, scaled to [0,1]', () => {
    const image = grey(28, 28, (x, y) => (x === 14 && y > 4 && y < 24 ? 255 : 0));
    const { pixels, inverted } = toMnistInput(image);
    expect(inverted).toBe(false);
    expect(pixels[10 * 28 + 14]).toBe(1);
    expect(pixels[10 * 28 + 13]).toBe(0);
  });

  it('inverts a dark digit on a light background and resizes it to 28x28', () => {
    // A 56x56 black vertical bar (columns 26..29) on white becomes a white bar at columns 13..14.
    const image = grey(56, 56, (x, y) => (x >= 26 && x < 30 && y >= 8 && y < 48 ? 0 : 255));
    const { pixels, inverted } = toMnistInput(image);
    expect(inverted).toBe(true);
    expect(pixels).toHaveLength(784);
    expect(pixels[14 * 28 + 13]).toBeCloseTo(1, 6);
    expect(pixels[14 * 28 + 14]).toBeCloseTo(1, 6);
    expect(pixels[14 * 28 + 12]).toBeCloseTo(0, 6);
    expect(pixels[2 * 28 + 13]).toBeCloseTo(0, 6);
  });

  it('pads a non-square image with its background so the digit keeps its shape', () => {
    const wide = grey(4, 2, () => 7);
    const square = padToSquare(wide, 200);
    expect(square.width).toBe(4);
    expect(Array.from(square.pixels)).toEqual([
      200, 200, 200, 200, 7, 7, 7, 7, 7, 7, 7, 7, 200, 200, 200, 200,
    ]);
  });
});

describe('topK and formatPrediction', () => {
  it('ranks classes by probability and prints the top three', () => {
    const probabilities = [0.01, 0.02, 0.6, 0.3, 0.01, 0.01, 0.01, 0.02, 0.01, 0.01];
    const top = topK(probabilities);
    expect(top.map((t) => t.label)).toEqual([2, 3, 1]);
    const text = formatPrediction('d.png', {
      label: 2,
      probabilities,
      top,
      inverted: true,
      sourceSize: { width: 56, height: 56 },
    });
    expect(text.split('\n')).toEqual([
      'd.png (56x56, resized to 28x28, inverted (light background)): 2',
      '  1. 2  60.00%',
      '  2. 3  30.00%',
      '  3. 1  2.00%',
    ]);
  });
});
