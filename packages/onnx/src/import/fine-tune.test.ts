import { add, matMul, memory, sub, tensor } from '@glia/core';
import { input, layers, model, sequential, singleOutput } from '@glia/layers';
import { adam } from '@glia/optimizers';
import { describe, expect, it } from 'vitest';
import { toOnnx } from '../export/to-onnx';
import { maxAbsDiff, randomizeWeights, runInOrt, uniformTensor } from '../test-support';
import { fromOnnx } from './from-onnx';

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

  it('an imported graph of two inputs and two outputs trains on both outputs', async () => {
    const a = input({ shape: [3], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const shared = layers.dense({ units: 6, activation: 'tanh' });
    const joined = layers.concatenate().apply([shared.apply(a), shared.apply(b)]);
    const sum = layers.dense({ units: 1, name: 'sum' }).apply(joined);
    const gap = layers
      .dense({ units: 1, name: 'gap' })
      .apply(layers.subtract().apply([shared.apply(a), shared.apply(b)]));
    const original = model({ inputs: [a, b], outputs: [sum, gap] });
    randomizeWeights(original, 4);
    const imported = fromOnnx(await toOnnx(original));
    expect(imported.inputNames).toEqual(['a', 'b']);
    expect(imported.outputNames.length).toBe(2);

    const xa = uniformTensor([32, 3], 5);
    const xb = uniformTensor([32, 3], 6);
    // Targets the network can learn: a sum and a difference of fixed linear functions.
    const w = tensor([[1], [-1], [0.5]]);
    const ySum = add(matMul(xa, w), matMul(xb, w));
    const yGap = sub(matMul(xa, w), matMul(xb, w));
    imported.compile({ optimizer: adam(0.03), loss: 'meanSquaredError' });
    const before = (await imported.evaluate([xa, xb], [ySum, yGap])).loss!;
    await imported.fit([xa, xb], [ySum, yGap], { epochs: 40, batchSize: 8, verbose: 0 });
    const after = (await imported.evaluate([xa, xb], [ySum, yGap])).loss!;
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
