// fit and evaluate take a glia Dataset of {xs, ys} batches as well as tensors.
import * as glia from 'glia';
import { expect, it } from 'vitest';

it('fit trains a small MLP from a shuffled, batched Dataset of MNIST images', async () => {
  await glia.ready();
  const { train, test } = await glia.loadMnist({ limit: { train: 2000, test: 500 } });
  const before = glia.memory().numTensors;
  glia.setSeed(1);
  const model = glia.sequential({
    layers: [
      glia.layers.flatten({ inputShape: [28, 28, 1] }),
      glia.layers.dense({ units: 64, activation: 'relu' }),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });

  const batches = glia.Dataset.fromTensors({ xs: train.images, ys: train.labels })
    .shuffle(2000, { seed: 1 })
    .batch(64);
  const history = await model.fit(batches, { epochs: 1, verbose: 0 });
  expect(history.epoch).toEqual([0]);
  expect(history.history.loss![0]!).toBeLessThan(2.3); // below chance's ln(10)

  const testBatches = glia.Dataset.fromTensors({ xs: test.images, ys: test.labels }).batch(100);
  const { accuracy } = await model.evaluate(testBatches);
  expect(accuracy!).toBeGreaterThan(0.7);

  model.dispose();
  expect(glia.memory().numTensors).toBe(before);
  glia.dispose([train.images, train.labels, test.images, test.labels]);
});
