// The program of the layers issue, run through the umbrella package (no set-up line), on
// a small synthetic 10-class image task: class k is a bright horizontal band at rows 2k+4..2k+7.
import { seedCnnLayers } from '@glia/layers/testing';
import * as glia from 'glia';
import { expect, it } from 'vitest';

function bandImages(n: number, seed: number): { images: glia.Tensor; labels: glia.Tensor } {
  const prng = new glia.Prng(seed);
  const pixels = new Float32Array(n * 28 * 28);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = (i * 7 + seed) % 10;
    labels[i] = label;
    for (let r = 0; r < 28; r++) {
      const inBand = r >= 2 * label + 4 && r < 2 * label + 8;
      for (let c = 0; c < 28; c++) {
        pixels[i * 784 + r * 28 + c] =
          inBand && c > 3 && c < 24 ? 0.6 + 0.4 * prng.nextFloat() : 0.35 * prng.nextFloat();
      }
    }
  }
  return { images: glia.tensor(pixels, [n, 28, 28, 1]), labels: glia.tensor(labels, [n], 'int32') };
}

it('runs the seed program as written and learns a 10-class image task', {
  timeout: 180_000,
}, async () => {
  glia.setSeed(7);
  const { images: trainImages, labels: trainLabels } = bandImages(320, 1);
  const { images: testImages, labels: testLabels } = bandImages(100, 2);
  const before = glia.memory().numTensors;

  // The seed program's layers, through the umbrella's `glia.layers` (the list is the shared fixture).
  const model = glia.sequential({ layers: seedCnnLayers(glia.layers) });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(trainImages, trainLabels, {
    epochs: 5,
    batchSize: 64,
    verbose: 0,
  });
  const { loss, accuracy } = await model.evaluate(testImages, testLabels);

  expect(model.countParams()).toBe(93322);
  expect(history.epoch).toEqual([0, 1, 2, 3, 4]);
  const losses = history.history.loss!;
  expect(losses[4]!).toBeLessThan(losses[0]! * 0.5);
  expect(loss).toBeLessThan(0.5);
  expect(accuracy).toBeGreaterThan(0.9);
  expect(glia.getFallbackCounts()).toEqual({});
  console.log(
    `seed program: train loss ${losses.map((l) => l.toFixed(3)).join(' -> ')}; test loss ${loss!.toFixed(3)}, accuracy ${accuracy!.toFixed(3)}`,
  );

  model.dispose();
  expect(glia.memory().numTensors).toBe(before);
  glia.dispose([trainImages, trainLabels, testImages, testLabels]);
});
