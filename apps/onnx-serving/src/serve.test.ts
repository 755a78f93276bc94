import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { saveOnnx } from '@glia/onnx';
import * as glia from 'glia';
import { expect, it } from 'vitest';
import { serveMnist } from './serve';

it('ONNX Runtime on model.onnx scores the MNIST test images as Glia evaluates the same model', async () => {
  await glia.ready();
  glia.setSeed(3);
  // A briefly trained CNN (so the accuracy is well above chance), saved both ways as `npm start` does.
  const data = await glia.loadMnist({ limit: { train: 1000, test: 0 } });
  const model = glia.sequential({
    layers: [
      glia.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
      }),
      glia.layers.maxPooling2d({ poolSize: 2 }),
      glia.layers.flatten(),
      glia.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await model.fit(data.train.images, data.train.labels, { epochs: 1, batchSize: 32, verbose: 0 });
  const dir = await mkdtemp(path.join(tmpdir(), 'glia-serving-'));
  await model.save(`file://${dir}`);
  await saveOnnx(model, `file://${path.join(dir, 'model.onnx')}`);
  glia.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
  model.dispose();

  const result = await serveMnist({
    onnx: path.join(dir, 'model.onnx'),
    limit: 1000,
    batchSize: 128,
  });
  expect(result.images).toBe(1000);
  expect(result.gliaAccuracy).toBeGreaterThan(0.6);
  expect(result.onnxAccuracy).toBe(result.gliaAccuracy);
  expect(result.agreeing).toBe(1000);
});
