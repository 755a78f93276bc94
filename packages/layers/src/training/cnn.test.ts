import '@glia/backend-cpu';
import { dispose, memory, Prng, ready, setSeed, type Tensor, tensor } from '@glia/core';
import { beforeAll, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { conv2d, dense, flatten, maxPooling2d } from '../layers/index';
import { sequential } from '../model/sequential';

beforeAll(async () => {
  await ready();
});

/**
 * `n` 28x28 grey images of noise in [0, 0.3) with one bright 14x14 quadrant (0.7..1): the class
 * (0-3) is which quadrant. Made from a fixed seed, so the test sees the same images every run.
 */
function quadrantImages(n: number, seed: number): { x: Tensor; y: Tensor } {
  const prng = new Prng(seed);
  const pixels = new Float32Array(n * 28 * 28);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[i] = label;
    const top = label < 2 ? 0 : 14;
    const left = label % 2 === 0 ? 0 : 14;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const bright = r >= top && r < top + 14 && c >= left && c < left + 14;
        pixels[i * 784 + r * 28 + c] = bright
          ? 0.7 + 0.3 * prng.nextFloat()
          : 0.3 * prng.nextFloat();
      }
    }
  }
  return { x: tensor(pixels, [n, 28, 28, 1]), y: tensor(labels, [n], 'int32') };
}

it('the seed CNN learns a small image task in 2 epochs, leaking nothing', {
  timeout: 120_000,
}, async () => {
  setSeed(42);
  resetLayerNames();
  const model = sequential({
    layers: [
      conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      maxPooling2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      maxPooling2d({ poolSize: 2 }),
      conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      flatten(),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  expect(model.compiled!.outputs[0]!.fusedLogits).toBe(true);
  const train = quadrantImages(200, 1);
  const test = quadrantImages(64, 2);

  const start = performance.now();
  const before = memory().numTensors;
  const history = await model.fit(train.x, train.y, {
    epochs: 2,
    batchSize: 32,
    seed: 7,
    verbose: 0,
  });
  const seconds = (performance.now() - start) / 1000;
  // All that stays is Adam's state: two moments per weight.
  expect(memory().numTensors - before).toBeLessThanOrEqual(2 * model.trainableWeights.length);

  const evaluated = await model.evaluate(test.x, test.y);
  console.log(
    `seed CNN: 2 epochs on 200 images in ${seconds.toFixed(1)} s; loss ${history.history.loss!.map((v) => v.toFixed(3)).join(' -> ')}; train accuracy ${history.history.accuracy!.map((v) => v.toFixed(3)).join(' -> ')}; held-out accuracy ${evaluated.accuracy!.toFixed(3)}`,
  );
  const [first, second] = history.history.loss!;
  expect(second!).toBeLessThan(first!);
  expect(evaluated.accuracy!).toBeGreaterThan(0.6); // chance is 0.25
  dispose([train.x, train.y, test.x, test.y]);
  model.dispose();
});
