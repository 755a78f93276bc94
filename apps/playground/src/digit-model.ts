/**
 * What the page asks of a trained model for one drawn digit: its class probabilities, and a
 * heatmap of the pixels behind the predicted class (saliency or integrated gradients, from
 * @glia/explain, drawn over the digit by its heatmap renderer).
 */
import { heatmapRgba, integratedGradients, type RgbaImage, saliency } from '@glia/explain';
import * as glia from 'glia';
import { MNIST_SIDE } from './digit-image';

/** The attribution methods the page offers. */
export type HeatmapMethod = 'saliency' | 'integrated-gradients';

/** Integrated gradients' path steps: enough for the completeness gap to be small, quick on a CPU. */
export const INTEGRATED_GRADIENTS_STEPS = 32;

function digitTensor(pixels: Float32Array): glia.Tensor {
  if (pixels.length !== MNIST_SIDE * MNIST_SIDE) {
    throw new RangeError(
      `digit: ${pixels.length} pixels: expected ${MNIST_SIDE * MNIST_SIDE} (28x28)`,
    );
  }
  return glia.tensor(pixels, [1, MNIST_SIDE, MNIST_SIDE, 1]);
}

/** The ten class probabilities of a 28x28 digit (784 values in [0, 1]). */
export async function classProbabilities(
  model: glia.Sequential,
  pixels: Float32Array,
): Promise<number[]> {
  const probabilities = glia.tidy(() => model.predict(digitTensor(pixels)));
  try {
    return Array.from(await probabilities.data());
  } finally {
    probabilities.dispose();
  }
}

/**
 * The heatmap of `method` for class `target` over the digit, as RGBA pixels `scale` times the
 * digit's size. Saliency is shown by magnitude (its sign only says which way a pixel would push
 * the score); integrated gradients by sign (red adds to the score, blue takes from it).
 */
export async function digitHeatmap(
  model: glia.Sequential,
  pixels: Float32Array,
  target: number,
  method: HeatmapMethod,
  scale: number,
): Promise<RgbaImage> {
  const image = digitTensor(pixels);
  let attribution: glia.Tensor | undefined;
  try {
    attribution =
      method === 'saliency'
        ? saliency(model, image, { target })
        : integratedGradients(model, image, {
            target,
            baseline: 0,
            steps: INTEGRATED_GRADIENTS_STEPS,
          });
    return await heatmapRgba(image, attribution, {
      sign: method === 'saliency' ? 'absolute' : 'signed',
      imageRange: [0, 1],
      scale,
    });
  } finally {
    glia.dispose(attribution === undefined ? [image] : [image, attribution]);
  }
}
