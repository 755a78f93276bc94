// The two autoencoders, and the encoder half of each as a model of its own.
import * as glia from 'glia';

/** The dense autoencoder's code size. */
export const CODE_SIZE = 32;

export interface Autoencoder {
  /** The whole model, trained end to end; it owns the weights (dispose it, not the encoder). */
  autoencoder: glia.LayersModel<glia.Tensor>;
  /** The encoder layers of `autoencoder` as a model: shares their weights, `predict` gives codes. */
  encoder: glia.LayersModel<glia.Tensor>;
}

function compile(model: glia.LayersModel, learningRate: number): void {
  // Pixels lie in [0, 1] and the decoder ends in a sigmoid: per-pixel binary cross-entropy, as in
  // Keras' autoencoder tutorial; reconstruction MSE is what the runs report.
  model.compile({ optimizer: glia.optimizers.adam(learningRate), loss: 'binaryCrossentropy' });
}

/** 784-128-32-128-784 on flattened images; the encoder maps [n, 784] to [n, 32]. */
export function buildDenseAutoencoder(learningRate = 0.002): Autoencoder {
  const encoderLayers = [
    glia.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
    glia.layers.dense({ units: CODE_SIZE, activation: 'relu' }),
  ];
  const autoencoder = glia.sequential({
    layers: [
      ...encoderLayers,
      glia.layers.dense({ units: 128, activation: 'relu' }),
      glia.layers.dense({ units: 784, activation: 'sigmoid' }),
    ],
  });
  compile(autoencoder, learningRate);
  return { autoencoder, encoder: glia.sequential({ layers: encoderLayers }) };
}

/**
 * Convolutional denoiser on [28, 28, 1]: conv + max pooling down to [7, 7, 16], transposed
 * convolutions (stride 2) back up to [28, 28], a sigmoid convolution to one channel. The encoder maps
 * [n, 28, 28, 1] to [n, 7, 7, 16].
 */
export function buildDenoisingAutoencoder(learningRate = 0.002): Autoencoder {
  const encoderLayers = [
    glia.layers.conv2d({
      filters: 16,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      inputShape: [28, 28, 1],
    }),
    glia.layers.maxPooling2d({ poolSize: 2 }),
    glia.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
    glia.layers.maxPooling2d({ poolSize: 2 }),
  ];
  const autoencoder = glia.sequential({
    layers: [
      ...encoderLayers,
      glia.layers.conv2dTranspose({
        filters: 16,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      glia.layers.conv2dTranspose({
        filters: 16,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
      }),
      glia.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
    ],
  });
  compile(autoencoder, learningRate);
  return { autoencoder, encoder: glia.sequential({ layers: encoderLayers }) };
}

/**
 * A U-Net-style denoiser on [28, 28, 1], built with the functional API: the same encoder widths as
 * `buildDenoisingAutoencoder` (16 filters, two poolings to 7×7), a 7×7 bottleneck convolution, and
 * a decoder whose transposed convolutions are each concatenated with the encoder features of the
 * same resolution (skip connections) before a convolution. The encoder maps [n, 28, 28, 1] to the
 * bottleneck's [n, 7, 7, 16].
 */
export function buildUNetAutoencoder(learningRate = 0.002): Autoencoder {
  const conv = (filters: number, activation: 'relu' | 'sigmoid' = 'relu') =>
    glia.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation });
  const up = () =>
    glia.layers.conv2dTranspose({
      filters: 16,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
    });
  const image = glia.input({ shape: [28, 28, 1], name: 'noisy' });
  const e1 = conv(16).apply(image); // 28×28×16
  const e2 = conv(16).apply(glia.layers.maxPooling2d({ poolSize: 2 }).apply(e1)); // 14×14×16
  const bottleneck = conv(16).apply(glia.layers.maxPooling2d({ poolSize: 2 }).apply(e2)); // 7×7×16
  const d2 = conv(16).apply(glia.layers.concatenate().apply([up().apply(bottleneck), e2])); // 14×14
  const d1 = conv(16).apply(glia.layers.concatenate().apply([up().apply(d2), e1])); // 28×28
  const clean = conv(1, 'sigmoid').apply(d1);
  const autoencoder = glia.model({ inputs: image, outputs: clean, name: 'unet' });
  compile(autoencoder, learningRate);
  return { autoencoder, encoder: glia.model({ inputs: image, outputs: bottleneck }) };
}

/** `images` plus Gaussian noise (standard deviation `stddev`, seeded), clipped to [0, 1]. */
export function addNoise(images: glia.Tensor, stddev: number, seed: number): glia.Tensor {
  return glia.tidy(() =>
    glia.clipByValue(
      glia.add(images, glia.randomNormal(images.shape, 0, stddev, 'float32', seed)),
      0,
      1,
    ),
  );
}

/** Mean squared difference of two same-shaped tensors, as a number. */
export async function meanSquaredError(a: glia.Tensor, b: glia.Tensor): Promise<number> {
  const mse = glia.tidy(() => glia.mean(glia.square(glia.sub(a, b))));
  try {
    return (await mse.data())[0]!;
  } finally {
    mse.dispose();
  }
}
