import '@glia/backend-cpu';
import { dispose, memory, ready } from '@glia/core';
import { beforeAll, expect, it } from 'vitest';
import { conv2d, dense, flatten, maxPooling2d } from '../layers/index';
import { seedCnnLayers } from '../testing';
import { quadrantImages, seededSequential, timedFit } from './test-support';

beforeAll(async () => {
  await ready();
});

it('the seed CNN learns a small image task in 2 epochs, leaking nothing', {
  timeout: 120_000,
}, async () => {
  const model = seededSequential(42, () => seedCnnLayers({ conv2d, dense, flatten, maxPooling2d }));
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  expect(model.compiled!.outputs[0]!.fusedLogits).toBe(true);
  const train = quadrantImages(200, 1);
  const test = quadrantImages(64, 2);

  const before = memory().numTensors;
  const { history, seconds } = await timedFit(model, train.x, train.y, {
    epochs: 2,
    batchSize: 32,
    seed: 7,
  });
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
