/** Shared by the tests: the CPU backend, seeded tensors and small seeded models. */
import '@glia/backend-cpu';
import { randomUniform, ready, setSeed, type Tensor } from '@glia/core';
import { layers, type Sequential, sequential } from '@glia/layers';

/** Starts the CPU backend (call from `beforeAll`). */
export async function useCpu(): Promise<void> {
  await ready();
}

/** Uniform values in [min, max) from a generator seeded with `seed` (core's `randomUniform`). */
export function randomTensor(shape: number[], seed = 1, min = -1, max = 1): Tensor {
  return randomUniform(shape, min, max, 'float32', seed);
}

/** A small nonlinear classifier: 6 features -> 8 tanh -> 8 gelu -> 3 softmax, seeded weights. */
export function smallClassifier(seed = 1): Sequential {
  setSeed(seed);
  const model = sequential({
    layers: [
      layers.dense({ units: 8, activation: 'tanh', inputShape: [6] }),
      layers.dense({ units: 8, activation: 'gelu' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.build();
  return model;
}

/** A small CNN over 6×6×2 images with 4 classes. */
export function smallCnn(seed = 2): Sequential {
  setSeed(seed);
  const model = sequential({
    layers: [
      layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 2] }),
      layers.flatten(),
      layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  model.build();
  return model;
}
