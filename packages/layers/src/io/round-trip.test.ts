// Glia -> Glia: topology, weights, and the optimizer's state, through every handler Node can run.
import { type LayersModel, singleOutput } from '../model/layers-model';
import '@glia/backend-cpu';
import { join } from 'node:path';
import { memory, oneHot, type Tensor, tensor } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { browserDownloads } from './handlers/downloads';
import { fromMemory, memoryHandler } from './handlers/memory';
import { loadModel } from './load-model';
import { getLoadHandler, getSaveHandler } from './router';
import { configFromJson, configToJson, toCamelCase, toSnakeCase } from './serialization';
import { gliaCnn, gliaMlp, seededTensor } from './test-models';
import { useTempDir } from './test-support';

const dir = useTempDir('glia-roundtrip-');

async function weightsOf(model: LayersModel): Promise<number[][]> {
  const ws = model.getWeights();
  const out = await Promise.all(ws.map(async (w) => Array.from(await w.data())));
  for (const w of ws) w.dispose();
  return out;
}

describe('serialization', () => {
  it.each([
    ['kernelSize', 'kernel_size'],
    ['batchInputShape', 'batch_input_shape'],
    ['channelsLast', 'channels_last'],
    ['L1L2', 'l1_l2'],
    ['relu6', 'relu6'],
  ])('writes the identifier %s as %s, as TF.js does', (camel, snake) => {
    expect(toSnakeCase(camel)).toBe(snake);
  });

  it.each([
    ['kernel_size', 'kernelSize'],
    ['fan_avg', 'fanAvg'],
    ['dense_Dense1', 'denseDense1'],
  ])('reads the identifier %s as %s, as TF.js does', (snake, camel) => {
    expect(toCamelCase(snake)).toBe(camel);
  });

  it('writes configs snake_case with {class_name, config}, keeps names and null in shapes', () => {
    const camel = {
      name: 'conv2d_Conv2D1',
      kernelSize: [3, 3],
      batchInputShape: [null, 28, 28, 1],
      dataFormat: 'channelsLast',
      kernelInitializer: {
        className: 'VarianceScaling',
        config: { scale: 1, mode: 'fanAvg', seed: null },
      },
    };
    const activation = { name: 'relu', apply: (x: Tensor) => x };
    const json = configToJson({ ...camel, activation, skipped: undefined });
    expect(json).toEqual({
      name: 'conv2d_Conv2D1',
      kernel_size: [3, 3],
      batch_input_shape: [null, 28, 28, 1],
      data_format: 'channels_last',
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 1, mode: 'fan_avg', seed: null },
      },
      activation: 'relu',
    });
    // Back to camelCase: the activation by its name, the undefined field gone.
    expect(configFromJson(json as never)).toEqual({ ...camel, activation: 'relu' });
    expect(() => configToJson({ rate: Number.NaN })).toThrow(/config.rate is NaN/);
    expect(() => configToJson({ f: () => 1 })).toThrow(/config.f is a function/);
  });
});

describe('Glia -> Glia', () => {
  it('the seed CNN round-trips through file:// with identical weights and predictions', async () => {
    const model = gliaCnn(5);
    await model.save(`file://${join(dir(), 'cnn')}`);
    const before = memory().numTensors;
    const loaded = singleOutput(await loadModel(`file://${join(dir(), 'cnn', 'model.json')}`));
    expect(loaded.name).toBe(model.name);
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(await weightsOf(loaded)).toEqual(await weightsOf(model));
    // A directory is enough too.
    const again = singleOutput(await loadModel(`file://${join(dir(), 'cnn')}`));
    const x = seededTensor([2, 28, 28, 1], 9);
    const [a, b] = [model.predict(x), again.predict(x)];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    for (const t of [x, a, b]) t.dispose();
    loaded.dispose();
    again.dispose();
    expect(memory().numTensors).toBe(before);
    model.dispose();
  });

  it('resumes training with the optimizer state: the next step equals the original one bit-for-bit', async () => {
    const model = gliaMlp(6);
    model.compile({
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const x1 = seededTensor([8, 20], 1);
    const y1 = tensor([0, 1, 2, 3, 4, 0, 1, 2], [8], 'int32');
    await model.trainOnBatch(x1, y1);
    const handler = memoryHandler();
    await model.save(handler, { includeOptimizer: true });
    expect(handler.artifacts?.trainingConfig).toMatchObject({
      loss: 'sparse_categorical_crossentropy',
      metrics: ['accuracy'],
      optimizer_config: { class_name: 'Adam' },
    });
    expect(
      handler.artifacts?.weightSpecs.filter((s) => s.group === 'optimizer').map((s) => s.name)[0],
    ).toBe('iter');

    const loaded = singleOutput(await loadModel(handler));
    expect(loaded.compiled?.optimizer.iterations).toBe(1);
    const x2 = seededTensor([8, 20], 2);
    const y2 = tensor([4, 3, 2, 1, 0, 4, 3, 2], [8], 'int32');
    const original = await model.trainOnBatch(x2, y2);
    const resumed = await loaded.trainOnBatch(x2, y2);
    expect(resumed).toEqual(original);
    expect(await weightsOf(loaded)).toEqual(await weightsOf(model));
    for (const t of [x1, y1, x2, y2]) t.dispose();
    loaded.dispose();
    model.dispose();
  });

  it('without includeOptimizer, the model loads uncompiled; a fresh optimizer does not match', async () => {
    const model = gliaMlp(7);
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const handler = memoryHandler();
    await model.save(handler);
    expect(handler.artifacts?.trainingConfig).toBeUndefined();
    expect(handler.artifacts?.weightSpecs.every((s) => s.group === undefined)).toBe(true);
    const loaded = singleOutput(await loadModel(fromMemory(handler.artifacts!)));
    expect(loaded.compiled).toBeUndefined();
    loaded.dispose();
    model.dispose();
  });

  it('saved optimizer state uses original weight names even when the variables were renamed', async () => {
    const first = gliaMlp(8);
    const second = gliaMlp(8); // same layer names: its variables get suffixed names
    expect(second.weights[0]!.variable.name).not.toBe(second.weights[0]!.originalName);
    second.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    second.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
    const x = seededTensor([4, 20], 3);
    const y = oneHot(tensor([0, 1, 2, 3], [4], 'int32'), 5);
    await second.trainOnBatch(x, y);
    const handler = memoryHandler();
    await second.save(handler, { includeOptimizer: true });
    const names = handler
      .artifacts!.weightSpecs.filter((s) => s.group === 'optimizer')
      .map((s) => s.name);
    expect(names).toContain('dense/kernel/rms');
    first.dispose();
    second.dispose();
    const loaded = singleOutput(await loadModel(handler));
    expect(loaded.compiled?.optimizer.getWeights().map((w) => w.name)).toEqual(names);
    for (const t of [x, y]) t.dispose();
    loaded.dispose();
  });
});

describe('handlers and routing', () => {
  it('routes URL schemes and names the supported ones', () => {
    expect(() => getSaveHandler('ftp://x')).toThrow(
      /no handler for 'ftp:\/\/x': supported schemes are file:\/\/ \(Node\), indexeddb:\/\/.*downloads:\/\//,
    );
    expect(() => getLoadHandler('downloads://x')).toThrow(/downloads:\/\/ cannot load models/);
    expect(() => getSaveHandler('./my-model')).toThrow(/a path\? write 'file:\/\/\.\/my-model'/);
  });

  it('browser handlers fail clearly in Node', async () => {
    const model = gliaMlp();
    await expect(model.save('indexeddb://m')).rejects.toThrow(
      'indexeddb:// needs a browser with IndexedDB',
    );
    await expect(loadModel('localstorage://m')).rejects.toThrow(
      'localstorage:// needs a browser with localStorage',
    );
    await expect(model.save(browserDownloads('m'))).rejects.toThrow('downloads:// needs a browser');
    model.dispose();
  });

  it('a memoryHandler keeps a copy: changing the model afterwards does not change what loads', async () => {
    const model = gliaMlp(9);
    const handler = memoryHandler();
    const result = await model.save(handler);
    expect(result.weightDataBytes).toBe((20 * 32 + 32 + 32 * 5 + 5) * 4);
    const saved = await weightsOf(model);
    const zeros = model.getWeights().map((w) => tensor(new Float32Array(w.size), w.shape));
    model.setWeights(zeros);
    const loaded = singleOutput(await loadModel(handler));
    expect(await weightsOf(loaded)).toEqual(saved);
    for (const t of zeros) t.dispose();
    loaded.dispose();
    model.dispose();
  });
});
