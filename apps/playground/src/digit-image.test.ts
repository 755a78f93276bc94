import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseIdx } from 'glia';
import { describe, expect, it } from 'vitest';
import { mnistDataDir } from '../tools/mnist-static';
import {
  DIGIT_BOX,
  type GreyImage,
  inkBounds,
  inkFromRgba,
  MNIST_SIDE,
  toMnistDigit,
} from './digit-image';

/** A blank width x height canvas with the rectangles given filled with `value`. */
function canvas(
  width: number,
  height: number,
  rects: readonly { x: number; y: number; w: number; h: number; value?: number }[],
): GreyImage {
  const pixels = new Float32Array(width * height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) pixels[y * width + x] = r.value ?? 1;
    }
  }
  return { width, height, pixels };
}

/** The MNIST digit upscaled `factor` times (nearest) onto a bigger canvas at (left, top). */
function upscaled(digit: Float32Array, factor: number, side: number, left: number, top: number) {
  const pixels = new Float32Array(side * side);
  for (let y = 0; y < MNIST_SIDE * factor; y++) {
    for (let x = 0; x < MNIST_SIDE * factor; x++) {
      const v = digit[Math.floor(y / factor) * MNIST_SIDE + Math.floor(x / factor)]!;
      pixels[(y + top) * side + x + left] = v;
    }
  }
  return { width: side, height: side, pixels };
}

function centreOfMass(image: Float32Array): [number, number] {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) {
      const v = image[y * MNIST_SIDE + x]!;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  return [mx / mass, my / mass];
}

describe('inkFromRgba', () => {
  it('is the mean of R, G and B over 255, ignoring alpha', () => {
    const rgba = Uint8ClampedArray.from([255, 255, 255, 255, 0, 0, 0, 255, 51, 102, 153, 0]);
    const { width, height, pixels } = inkFromRgba(rgba, 3, 1);
    expect([width, height]).toEqual([3, 1]);
    expect(Array.from(pixels)).toEqual([1, 0, Math.fround(306 / 765)]);
  });

  it('rejects a buffer of the wrong size, saying what it expected', () => {
    expect(() => inkFromRgba(new Uint8ClampedArray(12), 2, 2)).toThrow(
      'inkFromRgba: 12 bytes for 2x2 RGBA pixels: expected 16',
    );
  });
});

describe('inkBounds', () => {
  it('is the box of every pixel with ink, or undefined for a blank canvas', () => {
    expect(inkBounds(canvas(10, 8, [{ x: 2, y: 3, w: 4, h: 2 }]))).toEqual({
      x0: 2,
      y0: 3,
      x1: 5,
      y1: 4,
    });
    expect(inkBounds(canvas(10, 8, []))).toBeUndefined();
  });
});

describe('toMnistDigit', () => {
  it('is undefined for a blank canvas', () => {
    expect(toMnistDigit(canvas(280, 280, []))).toBeUndefined();
  });

  it('scales the ink to fill 20 pixels on its longer side, keeping its aspect ratio', () => {
    // a 40 x 200 bar: 4 x 20 after scaling by 0.1
    const out = toMnistDigit(canvas(280, 280, [{ x: 100, y: 30, w: 40, h: 200 }]))!;
    const bounds = inkBounds({ width: MNIST_SIDE, height: MNIST_SIDE, pixels: out })!;
    expect(bounds.y1 - bounds.y0 + 1).toBe(DIGIT_BOX);
    expect(bounds.x1 - bounds.x0 + 1).toBe(4);
    // its centre of mass, (1.5, 9.5) in the box, moves by round(14 - 1.5), round(14 - 9.5)
    expect(bounds).toEqual({ x0: 13, y0: 5, x1: 16, y1: 24 });
    expect(Math.max(...out)).toBe(1);
  });

  it('gives the same image wherever on the canvas the digit is drawn', () => {
    const shape = (dx: number, dy: number) =>
      canvas(280, 280, [
        { x: 20 + dx, y: 10 + dy, w: 90, h: 20 },
        { x: 90 + dx, y: 10 + dy, w: 20, h: 150, value: 0.8 },
      ]);
    const a = toMnistDigit(shape(0, 0))!;
    const b = toMnistDigit(shape(150, 100))!;
    expect(Array.from(b)).toEqual(Array.from(a));
    const [cx, cy] = centreOfMass(a);
    expect(Math.abs(cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it('averages the pixels each output pixel covers', () => {
    // a 200 x 200 checkerboard of 5-pixel squares: every 10 x 10 cell is half ink
    const side = 200;
    const pixels = new Float32Array(side * side);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++)
        pixels[y * side + x] = (Math.floor(x / 5) + Math.floor(y / 5)) % 2;
    }
    const out = toMnistDigit({ width: side, height: side, pixels })!;
    const inside = Array.from(out).filter((v) => v > 0);
    expect(inside).toHaveLength(DIGIT_BOX * DIGIT_BOX);
    for (const v of inside) expect(v).toBeCloseTo(0.5, 6);
  });

  it('upsamples a drawing smaller than 20 pixels', () => {
    const out = toMnistDigit(canvas(50, 50, [{ x: 10, y: 10, w: 5, h: 10 }]))!;
    const bounds = inkBounds({ width: MNIST_SIDE, height: MNIST_SIDE, pixels: out })!;
    expect([bounds.x1 - bounds.x0 + 1, bounds.y1 - bounds.y0 + 1]).toEqual([10, 20]);
  });

  it("undoes an MNIST digit's upscaling: MNIST test digits come back pixel for pixel", async () => {
    const bytes = await readFile(path.join(mnistDataDir(), 't10k-images-idx3-ubyte'));
    const images = parseIdx(new Uint8Array(bytes), 't10k-images-idx3-ubyte');
    const raw = images.data as Uint8Array;
    for (let i = 0; i < 100; i++) {
      const digit = Float32Array.from(raw.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
      // drawn 10 times as large, off the canvas's centre
      const out = toMnistDigit(upscaled(digit, 10, 400, 7 + i, 3))!;
      let worst = 0;
      for (let p = 0; p < 784; p++) worst = Math.max(worst, Math.abs(out[p]! - digit[p]!));
      expect(worst, `test digit ${i}`).toBeLessThan(1e-6);
    }
  });
});
