/**
 * A drawn digit to an MNIST-style image. MNIST's digits were scaled (keeping their aspect ratio)
 * to fit a 20x20 box, anti-aliased, then placed in 28x28 so that their centre of mass is the centre
 * of the image. A drawing gets the same treatment, or the model sees something it never saw in
 * training (a digit filling the whole canvas, or in one corner).
 */

/** MNIST's image side. */
export const MNIST_SIDE = 28;
/** The side of the box MNIST scaled each digit into. */
export const DIGIT_BOX = 20;

/** A greyscale image, row by row, values in [0, 1] (1 = ink). */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Float32Array;
}

/** The greyscale (ink) of RGBA pixels drawn white on black: their mean of R, G and B over 255. */
export function inkFromRgba(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): GreyImage {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(
      `inkFromRgba: ${rgba.length} bytes for ${width}x${height} RGBA pixels: expected ${width * height * 4}`,
    );
  }
  const pixels = new Float32Array(width * height);
  for (let p = 0; p < pixels.length; p++) {
    pixels[p] = (rgba[p * 4]! + rgba[p * 4 + 1]! + rgba[p * 4 + 2]!) / (3 * 255);
  }
  return { width, height, pixels };
}

/** The smallest box holding every pixel above `threshold`, or undefined when there is none. */
export function inkBounds(
  image: GreyImage,
  threshold = 0,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.pixels[y * image.width + x]! > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? undefined : { x0, y0, x1, y1 };
}

/**
 * The drawing as a 28x28 MNIST digit (784 values in [0, 1], row by row), or undefined when
 * nothing is drawn. Its ink's bounding box is scaled to fit 20x20 (each output pixel the mean of
 * the input pixels it covers), then shifted so its centre of mass is at pixel (14, 14).
 */
export function toMnistDigit(image: GreyImage): Float32Array | undefined {
  const bounds = inkBounds(image);
  if (bounds === undefined) return undefined;
  const boxWidth = bounds.x1 - bounds.x0 + 1;
  const boxHeight = bounds.y1 - bounds.y0 + 1;
  const scale = DIGIT_BOX / Math.max(boxWidth, boxHeight);
  const fitWidth = Math.max(1, Math.round(boxWidth * scale));
  const fitHeight = Math.max(1, Math.round(boxHeight * scale));

  // Box filter: every input pixel of the ink box adds to the output cell it falls in. When the
  // drawing is smaller than 20 pixels this upsamples by nearest neighbour instead.
  const sums = new Float64Array(fitWidth * fitHeight);
  const counts = new Float64Array(fitWidth * fitHeight);
  if (scale <= 1) {
    for (let y = 0; y < boxHeight; y++) {
      const fy = Math.min(fitHeight - 1, Math.floor(y * scale));
      for (let x = 0; x < boxWidth; x++) {
        const fx = Math.min(fitWidth - 1, Math.floor(x * scale));
        sums[fy * fitWidth + fx]! += image.pixels[(bounds.y0 + y) * image.width + bounds.x0 + x]!;
        counts[fy * fitWidth + fx]! += 1;
      }
    }
  } else {
    for (let fy = 0; fy < fitHeight; fy++) {
      const y = Math.min(boxHeight - 1, Math.floor(fy / scale));
      for (let fx = 0; fx < fitWidth; fx++) {
        const x = Math.min(boxWidth - 1, Math.floor(fx / scale));
        sums[fy * fitWidth + fx] = image.pixels[(bounds.y0 + y) * image.width + bounds.x0 + x]!;
        counts[fy * fitWidth + fx] = 1;
      }
    }
  }

  // Centre of mass of the fitted digit, then the shift that puts it at pixel (14, 14), where
  // MNIST's digits have theirs (to the nearest pixel, for all of its test digits).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let fy = 0; fy < fitHeight; fy++) {
    for (let fx = 0; fx < fitWidth; fx++) {
      const i = fy * fitWidth + fx;
      const v = counts[i]! > 0 ? sums[i]! / counts[i]! : 0;
      sums[i] = v;
      mass += v;
      mx += v * fx;
      my += v * fy;
    }
  }
  const offsetX = Math.round(MNIST_SIDE / 2 - mx / mass);
  const offsetY = Math.round(MNIST_SIDE / 2 - my / mass);

  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let fy = 0; fy < fitHeight; fy++) {
    const y = fy + offsetY;
    if (y < 0 || y >= MNIST_SIDE) continue;
    for (let fx = 0; fx < fitWidth; fx++) {
      const x = fx + offsetX;
      if (x < 0 || x >= MNIST_SIDE) continue;
      out[y * MNIST_SIDE + x] = Math.min(1, sums[fy * fitWidth + fx]!);
    }
  }
  return out;
}
