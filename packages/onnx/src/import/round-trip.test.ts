import { memory } from '@glia/core';
import { type Layer, type LayersModel, layers, sequential, singleOutput } from '@glia/layers';
import { describe, expect, it } from 'vitest';
import { toOnnx } from '../export/to-onnx';
import { GRAPH_CASES, gliaOutputs } from '../graph-test-models';
import {
  oneLayer,
  RECURRENT_CASES,
  SEQUENTIAL_CASES,
  type SequentialCase,
} from '../sequential-test-models';
import { maxAbsDiff, randomizeWeights, uniformTensor } from '../test-support';
import { fromOnnx } from './from-onnx';
import { decodeModelBytes } from './parse-model';

// Glia -> ONNX -> Glia: the imported model predicts what the original does, within 1e-6.

async function roundTrip(
  stack: () => Layer[],
  inputShape: readonly number[],
  scale = 1,
): Promise<LayersModel> {
  const model = sequential({ layers: stack() });
  randomizeWeights(model, 9);
  const imported = singleOutput(fromOnnx(await toOnnx(model)));
  const x = uniformTensor(inputShape, 4, scale);
  const expected = model.predict(x);
  const before = memory().numTensors;
  const actual = imported.predict(x);
  expect(actual.shape).toEqual(expected.shape);
  expect(maxAbsDiff(await actual.data(), await expected.data())).toBeLessThan(1e-6);
  actual.dispose();
  expect(memory().numTensors).toBe(before);
  x.dispose();
  expected.dispose();
  return imported;
}

describe('fromOnnx(toOnnx(model)) predicts as model', () => {
  it('the seed CNN', async () => {
    await roundTrip(
      () => [
        layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 12, 1] }),
        layers.maxPooling2d({ poolSize: 2 }),
        layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
        layers.flatten(),
        layers.dense({ units: 16, activation: 'relu' }),
        layers.dense({ units: 10, activation: 'softmax' }),
      ],
      [3, 12, 12, 1],
    );
  });

  it('an MLP with every activation', async () => {
    const activations = [
      'relu',
      'relu6',
      'sigmoid',
      'tanh',
      'leakyRelu',
      'elu',
      'selu',
      'gelu',
      'softplus',
      'swish',
      'linear',
      'softmax',
    ];
    await roundTrip(
      () =>
        activations.map((activation, i) =>
          layers.dense({ units: 6, activation, ...(i === 0 ? { inputShape: [5] } : {}) }),
        ),
      [4, 5],
      3,
    );
  });

  it.each<SequentialCase>([
    // The models the ONNX Runtime export test runs.
    ...SEQUENTIAL_CASES,
    ...RECURRENT_CASES,
    // The shared conv autoencoder has only 'same' transposes.
    oneLayer(
      'Conv2DTranspose, valid, with the kernel below the stride',
      (s) =>
        layers.conv2dTranspose({
          filters: 2,
          kernelSize: 2,
          strides: 3,
          padding: 'valid',
          inputShape: s,
        }),
      [4, 4, 4],
    ),
    [
      'padding, average pooling, normalization, up-sampling, global max pooling',
      () => [
        layers.zeroPadding2d({
          padding: [
            [1, 0],
            [2, 1],
          ],
          inputShape: [5, 4, 2],
        }),
        layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }),
        layers.batchNormalization({}),
        layers.upSampling2d({ size: [2, 2] }),
        layers.layerNormalization({}),
        layers.globalMaxPooling2d({}),
      ],
      [2, 5, 4, 2],
    ],
    [
      'embedding, time-distributed dense, flatten, reshape',
      () => [
        layers.embedding({ inputDim: 7, outputDim: 3, inputShape: [4] }),
        layers.timeDistributed({ layer: layers.dense({ units: 2 }) }),
        layers.flatten(),
        layers.reshape({ targetShape: [2, 4] }),
      ],
      [2, 4],
    ],
  ])('%s', async (_, stack, inputShape) => {
    await roundTrip(stack, inputShape);
  });
});

describe('fromOnnx(toOnnx(model)) predicts as model: functional models', () => {
  for (const [title, build] of Object.entries(GRAPH_CASES)) {
    it(title, async () => {
      const { model: net, inputShapes } = build();
      const bytes = await toOnnx(net);
      const imported = fromOnnx(bytes);
      const xs = inputShapes.map((shape, i) => uniformTensor(shape, 31 + i));
      const expected = gliaOutputs(net, xs);
      const before = memory().numTensors;
      const actual = gliaOutputs(imported, xs);
      expect(actual.length).toBe(expected.length);
      for (const [i, e] of expected.entries()) {
        expect(actual[i]!.shape).toEqual(e.shape);
        expect(maxAbsDiff(await actual[i]!.data(), await e.data())).toBeLessThan(1e-6);
      }
      for (const t of actual) t.dispose();
      expect(memory().numTensors).toBe(before);
      // Exported again, the imported graph keeps the ONNX input and output names.
      const again = decodeModelBytes(await toOnnx(imported)).graph!;
      const first = decodeModelBytes(bytes).graph!;
      expect(again.input!.map((v) => v.name)).toEqual(first.input!.map((v) => v.name));
      expect(again.output!.map((v) => v.name)).toEqual(first.output!.map((v) => v.name));
      for (const t of [...xs, ...expected]) t.dispose();
      imported.dispose();
    });
  }
});
