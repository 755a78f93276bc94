import { layers, type Sequential, sequential } from '@glia/layers';
import { seedCnnLayers } from '@glia/layers/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomizeWeights, ready, runInOrt, uniformTensor } from '../test-support';
import { toOnnx } from './to-onnx';

// The models the issue names, each exported and run in ONNX Runtime (the oracle), against Glia's
// predictions on the same input.

beforeAll(async () => {
  await ready();
});

async function expectOrtAgrees(
  model: Sequential,
  inputShape: readonly number[],
  tolerance = 1e-4,
): Promise<void> {
  const x = uniformTensor(inputShape, 11);
  const expected = model.predict(x);
  const bytes = await toOnnx(model);
  const actual = await runInOrt(bytes, x);
  expect(actual.dims).toEqual(expected.shape);
  expect(maxAbsDiff(actual.data, await expected.data())).toBeLessThan(tolerance);
  x.dispose();
  expected.dispose();
}

describe('toOnnx: models run in ONNX Runtime as in Glia', () => {
  it("the seed MNIST CNN (the mnist-cnn app's architecture)", async () => {
    const model = sequential({ layers: seedCnnLayers(layers) });
    await expectOrtAgrees(model, [3, 28, 28, 1]);
  });

  it('an MLP', async () => {
    const model = sequential({
      layers: [
        layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
        layers.dropout({ rate: 0.5 }),
        layers.dense({ units: 8, activation: 'tanh' }),
        layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    randomizeWeights(model);
    await expectOrtAgrees(model, [5, 8]);
  });

  it('an LSTM', async () => {
    const model = sequential({
      layers: [
        layers.lstm({ units: 6, returnSequences: true, inputShape: [5, 3] }),
        layers.lstm({ units: 4 }),
        layers.dense({ units: 2 }),
      ],
    });
    randomizeWeights(model);
    await expectOrtAgrees(model, [4, 5, 3]);
  });

  it('a GRU with batch normalization', async () => {
    const model = sequential({
      layers: [
        layers.gru({ units: 6, returnSequences: true, inputShape: [5, 3] }),
        layers.batchNormalization({}),
        layers.gru({ units: 4, resetAfter: false }),
        layers.batchNormalization({}),
        layers.dense({ units: 2, activation: 'sigmoid' }),
      ],
    });
    randomizeWeights(model);
    await expectOrtAgrees(model, [4, 5, 3]);
  });

  it('a bidirectional LSTM', async () => {
    const model = sequential({
      layers: [
        layers.bidirectional({
          layer: layers.lstm({ units: 5, returnSequences: true }),
          inputShape: [6, 3],
        }),
        layers.bidirectional({ layer: layers.lstm({ units: 4 }), mergeMode: 'concat' }),
        layers.dense({ units: 2 }),
      ],
    });
    randomizeWeights(model);
    await expectOrtAgrees(model, [3, 6, 3]);
  });

  it("the convolutional autoencoder (the autoencoder app's architecture)", async () => {
    const model = sequential({
      layers: [
        layers.conv2d({
          filters: 16,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          inputShape: [28, 28, 1],
        }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2dTranspose({
          filters: 16,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'relu',
        }),
        layers.conv2dTranspose({
          filters: 16,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'relu',
        }),
        layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }),
      ],
    });
    randomizeWeights(model);
    await expectOrtAgrees(model, [2, 28, 28, 1]);
  });
});
