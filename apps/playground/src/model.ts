/**
 * The playground's CNN: small enough to train in seconds in a browser tab on any backend, deep
 * enough to show what a convnet does (12,810 parameters; the mnist-cnn app trains Keras' 93,322
 * parameter one in Node).
 */
import * as glia from 'glia';

export function buildPlaygroundCnn(): glia.Sequential {
  const model = glia.sequential({
    layers: [
      glia.layers.conv2d({
        filters: 16,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
      }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.flatten(),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: glia.optimizers.adam(0.002),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
