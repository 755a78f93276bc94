import { matMul, memory, tensor } from '@glia/core';
import { layers, sequential, singleOutput } from '@glia/layers';
import { adam } from '@glia/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toOnnx } from '../export/to-onnx';
import { maxAbsDiff, randomizeWeights, ready, runInOrt, uniformTensor } from '../test-support';
import { fromOnnx } from './from-onnx';

beforeAll(async () => {
  await ready();
});

describe('an imported model trains further', () => {
  it('holds weights as trainable variables (statistics not), and fit lowers the loss without leaking', async () => {
    const original = sequential({
      layers: [
        layers.dense({ units: 8, activation: 'tanh', inputShape: [4] }),
        layers.batchNormalization({}),
        layers.dense({ units: 1 }),
      ],
    });
    randomizeWeights(original, 2);
    const model = singleOutput(fromOnnx(await toOnnx(original)));
    const [graph] = model.layers;
    // Dense kernels and biases, gamma and beta train; the moving mean and variance do not.
    expect(graph!.trainableWeights.map((w) => w.variable.shape)).toEqual([
      [4, 8],
      [8],
      [8],
      [8],
      [8, 1],
      [1],
    ]);
    expect(graph!.nonTrainableWeights.map((w) => w.variable.shape)).toEqual([[8], [8]]);

    const x = uniformTensor([32, 4], 3);
    // A target the network can learn: a fixed linear function of x.
    const y = matMul(x, tensor([[1], [-2], [0.5], [1]]));
    model.compile({ optimizer: adam(0.03), loss: 'meanSquaredError' });
    const before = (await model.evaluate(x, y)).loss!;
    await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    // (The first fit creates Adam's two slots per trained weight; the second adds nothing.)
    const tensorsBefore = memory().numTensors;
    await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    expect(memory().numTensors).toBe(tensorsBefore);
    const after = (await model.evaluate(x, y)).loss!;
    expect(after).toBeLessThan(before * 0.2);
  });
});

describe('an imported, fine-tuned model exports again', () => {
  it('toOnnx(fromOnnx(bytes)) after fit runs in ONNX Runtime as the fine-tuned Glia model predicts', async () => {
    const original = sequential({
      layers: [
        layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] }),
        layers.batchNormalization({}),
        layers.flatten(),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    randomizeWeights(original, 5);
    const model = singleOutput(fromOnnx(await toOnnx(original)));
    const x = uniformTensor([16, 6, 6, 1], 8);
    const labels = tensor(
      Array.from({ length: 16 }, (_, i) => i % 2),
      [16],
    );
    model.compile({ optimizer: adam(0.05), loss: 'sparseCategoricalCrossentropy' });
    await model.fit(x, labels, { epochs: 3, batchSize: 8, verbose: 0 });
    const tuned = model.predict(x);
    const untuned = original.predict(x);
    // Training changed the predictions, and the export carries the trained weights.
    expect(maxAbsDiff(await tuned.data(), await untuned.data())).toBeGreaterThan(1e-3);
    const actual = await runInOrt(await toOnnx(model), x);
    expect(maxAbsDiff(actual.data, await tuned.data())).toBeLessThan(1e-4);
  });
});
