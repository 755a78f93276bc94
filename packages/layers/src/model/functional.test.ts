import '@glia/backend-cpu';
import { dispose, memory, Prng, ready, setSeed, slice, type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { input } from '../engine/input-layer';
import type { Layer } from '../engine/layer';
import { resetLayerNames } from '../engine/naming';
import type { SymbolicTensor } from '../engine/node';
import { add, concatenate, conv2d, dense, flatten, maxPooling2d } from '../layers/index';
import { seedCnnLayers } from '../testing';
import { quadrantImages, sameBytes, weightBytes } from '../training/test-support';
import { model } from './layers-model';
import { sequential } from './sequential';

beforeAll(async () => {
  await ready();
});
beforeEach(() => resetLayerNames());

const compileArgs = {
  optimizer: 'adam',
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
} as const;

describe('the seed CNN, Sequential and functional', () => {
  it('gives the same weights, losses and predictions from the same seed', {
    timeout: 120_000,
  }, async () => {
    const data = quadrantImages(64, 1);
    setSeed(42);
    resetLayerNames();
    const cnnFactories = { conv2d, dense, flatten, maxPooling2d };
    const seq = sequential({ layers: seedCnnLayers(cnnFactories) });
    setSeed(42);
    resetLayerNames();
    const x = input({ shape: [28, 28, 1] });
    let h: SymbolicTensor<Layer> = x;
    for (const layer of seedCnnLayers(cnnFactories)) h = layer.apply(h);
    const fn = model({ inputs: x, outputs: h });

    expect(fn.weights.map((w) => w.originalName)).toEqual(seq.weights.map((w) => w.originalName));
    expect(sameBytes(weightBytes(fn), weightBytes(seq))).toBe(true);
    seq.compile({ ...compileArgs, metrics: [...compileArgs.metrics] });
    fn.compile({ ...compileArgs, metrics: [...compileArgs.metrics] });
    expect(fn.compiled!.outputs[0]!.fusedLogits).toBe(true);

    const before = memory().numTensors;
    const args = { epochs: 2, batchSize: 16, seed: 3, verbose: 0 } as const;
    const hSeq = await seq.fit(data.x, data.y, args);
    const afterSeq = memory().numTensors;
    const hFn = await fn.fit(data.x, data.y, args);
    expect(hFn.history).toEqual(hSeq.history);
    expect(hFn.history.loss![1]!).toBeLessThan(hFn.history.loss![0]!);
    expect(sameBytes(weightBytes(fn), weightBytes(seq))).toBe(true);
    // Only the optimizers' state stays (Adam: two moments per weight, per model).
    expect(afterSeq - before).toBe(2 * seq.trainableWeights.length);
    expect(memory().numTensors - afterSeq).toBe(2 * fn.trainableWeights.length);

    const mark = memory().numTensors;
    const pSeq = seq.predict(data.x, { batchSize: 24 });
    const pFn = fn.predict(data.x, { batchSize: 24 }) as Tensor;
    expect(Array.from(pFn.dataSync())).toEqual(Array.from(pSeq.dataSync()));
    expect(await fn.evaluate(data.x, data.y)).toEqual(await seq.evaluate(data.x, data.y));
    dispose([pSeq, pFn]);
    expect(memory().numTensors).toBe(mark);

    dispose([data.x, data.y]);
    seq.dispose();
    fn.dispose();
  });
});

/** A model with inputs a [4] and b [3], a shared dense, outputs 'value' (mse) and 'klass' (softmax). */
function twoByTwo() {
  setSeed(5);
  const a = input({ shape: [4], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const shared = dense({ units: 5, activation: 'tanh', name: 'shared' });
  const project = dense({ units: 4, name: 'project' });
  const ha = shared.apply(a);
  const hb = shared.apply(project.apply(b));
  const joined = concatenate({ name: 'joined' }).apply([ha, hb]);
  const value = dense({ units: 1, name: 'value' }).apply(add({ name: 'sum' }).apply([ha, hb]));
  const klass = dense({ units: 3, activation: 'softmax', name: 'klass' }).apply(joined);
  return {
    net: model({ inputs: [a, b], outputs: [value, klass], name: 'two_by_two' }),
    shared,
  };
}

function twoByTwoData(n: number) {
  const prng = new Prng(9);
  const rand = (size: number) =>
    Float32Array.from({ length: size }, () => prng.nextFloat() * 2 - 1);
  const a = tensor(rand(n * 4), [n, 4]);
  const b = tensor(rand(n * 3), [n, 3]);
  const av = a.dataSync();
  const value = tensor(
    Float32Array.from({ length: n }, (_, i) => av[4 * i]! + av[4 * i + 1]!),
    [n, 1],
  );
  const klass = tensor(
    Int32Array.from({ length: n }, (_, i) => (av[4 * i + 2]! > 0 ? 1 : av[4 * i + 3]! > 0 ? 2 : 0)),
    [n],
    'int32',
  );
  return { a, b, value, klass };
}

describe('graph models', () => {
  it('share a layer applied twice: one set of weights, two nodes', () => {
    const { net, shared } = twoByTwo();
    expect(shared.inboundNodes).toHaveLength(2);
    expect(net.layers.map((l) => l.name)).toEqual([
      'a',
      'b',
      'shared',
      'project',
      'joined',
      'sum',
      'value',
      'klass',
    ]);
    expect(net.weights.filter((w) => w.originalName.startsWith('shared/'))).toHaveLength(2);
    // 4*5+5 (shared) + 3*4+4 (project) + 5+1 (value) + 10*3+3 (klass)
    expect(net.countParams()).toBe(25 + 16 + 6 + 33);
    expect(net.inputNames).toEqual(['a', 'b']);
    expect(net.outputNames).toEqual(['value', 'klass']);
    expect(net.outputShapes).toEqual([
      [null, 1],
      [null, 3],
    ]);
    expect(net.getLayer('joined').className).toBe('Concatenate');
    expect(() => net.getLayer('nope')).toThrow(/no layer named 'nope'/);
    expect(net.inputs.map((t) => t.shape)).toEqual([
      [null, 4],
      [null, 3],
    ]);
    net.dispose();
  });

  it('predict equals the layers applied by hand', () => {
    const { net } = twoByTwo();
    const d = twoByTwoData(6);
    const [value, klass] = net.predict({ a: d.a, b: d.b }) as Tensor[];
    const shared = net.getLayer('shared');
    const ha = shared.apply(d.a);
    const hb = shared.apply(net.getLayer('project').apply(d.b));
    const expectedValue = net.getLayer('value').apply(net.getLayer('sum').apply([ha, hb]));
    const expectedClass = net.getLayer('klass').apply(net.getLayer('joined').apply([ha, hb]));
    expect(Array.from(value!.dataSync())).toEqual(Array.from(expectedValue.dataSync()));
    expect(Array.from(klass!.dataSync())).toEqual(Array.from(expectedClass.dataSync()));
    const asArray = net.predict([d.a, d.b], { batchSize: 4 }) as Tensor[];
    expect(Array.from(asArray[1]!.dataSync())).toEqual(Array.from(klass!.dataSync()));
    dispose([value!, klass!, ha, hb, expectedValue, expectedClass, ...asArray]);
    dispose(Object.values(d));
    net.dispose();
  });

  it('train with a loss per output, loss weights and metrics per output, leaking nothing', async () => {
    const { net } = twoByTwo();
    net.compile({
      optimizer: 'adam',
      loss: { value: 'meanSquaredError', klass: 'sparseCategoricalCrossentropy' },
      lossWeights: { value: 2, klass: 0.5 },
      metrics: { klass: ['accuracy'] },
    });
    expect(net.compiled!.outputs.map((o) => o.fusedLogits)).toEqual([false, true]);
    const d = twoByTwoData(64);
    const before = memory().numTensors;
    const history = await net.fit(
      { a: d.a, b: d.b },
      { value: d.value, klass: d.klass },
      { epochs: 3, batchSize: 16, verbose: 0, validationSplit: 0.25 },
    );
    expect(Object.keys(history.history).sort()).toEqual(
      [
        'loss',
        'value_loss',
        'klass_loss',
        'klass_accuracy',
        'val_loss',
        'val_value_loss',
        'val_klass_loss',
        'val_klass_accuracy',
      ].sort(),
    );
    const logs = await net.evaluate([d.a, d.b], [d.value, d.klass], { batchSize: 64 });
    // The total is the weighted sum of the outputs' losses (no regularizers here).
    expect(logs.loss!).toBeCloseTo(2 * logs.value_loss! + 0.5 * logs.klass_loss!, 5);
    expect(history.history.loss![2]!).toBeLessThan(history.history.loss![0]!);
    // Adam's two moments per weight stay; nothing else.
    expect(memory().numTensors - before).toBe(2 * net.trainableWeights.length);
    const onBatch = await net.trainOnBatch({ a: d.a, b: d.b }, [d.value, d.klass]);
    expect(onBatch.loss!).toBeCloseTo(2 * onBatch.value_loss! + 0.5 * onBatch.klass_loss!, 5);
    dispose(Object.values(d));
    net.dispose();
  });

  it('fit and evaluate take batches and validation data keyed by name', async () => {
    const { net } = twoByTwo();
    net.compile({
      optimizer: 'adam',
      loss: ['meanSquaredError', 'sparseCategoricalCrossentropy'],
      metrics: [[], ['accuracy']],
    });
    const d = twoByTwoData(32);
    const batches = [0, 16].map((start) => ({
      xs: { a: slice(d.a, [start, 0], [16, 4]), b: slice(d.b, [start, 0], [16, 3]) },
      ys: [slice(d.value, [start, 0], [16, 1]), slice(d.klass, [start], [16])],
    }));
    const before = memory().numTensors;
    const history = await net.fit(batches, {
      epochs: 2,
      verbose: 0,
      validationData: [
        { a: d.a, b: d.b },
        { value: d.value, klass: d.klass },
      ],
    });
    expect(history.history.val_klass_accuracy).toHaveLength(2);
    const fromBatches = await net.evaluate(batches);
    const fromTensors = await net.evaluate({ a: d.a, b: d.b }, [d.value, d.klass], {
      batchSize: 8,
    });
    expect(fromBatches.loss!).toBeCloseTo(fromTensors.loss!, 5);
    expect(fromBatches.klass_accuracy).toBe(fromTensors.klass_accuracy);
    expect(memory().numTensors - before).toBe(2 * net.trainableWeights.length);
    for (const b of batches) dispose([b.xs.a, b.xs.b, ...b.ys]);
    dispose(Object.values(d));
    net.dispose();
  });

  it('takes a model as a layer, sharing its weights', () => {
    setSeed(1);
    const inner = sequential({
      layers: [dense({ units: 3, activation: 'relu', inputShape: [2], name: 'inner_dense' })],
    });
    const x = input({ shape: [2] });
    const y = dense({ units: 1, name: 'head' }).apply(inner.apply(x));
    const outer = model({ inputs: x, outputs: y });
    expect(outer.layers.map((l) => l.name)).toEqual([x.name, inner.name, 'head']);
    expect(outer.weights).toHaveLength(4);
    const data = tensor([
      [1, 2],
      [-1, 0.5],
    ]);
    const out = outer.predict(data) as Tensor;
    const expected = outer.getLayer('head').apply(inner.predict(data));
    expect(Array.from(out.dataSync())).toEqual(Array.from(expected.dataSync()));
    dispose([data, out, expected]);
    outer.dispose();
  });

  it("summary has Keras' Connected to column", () => {
    const { net } = twoByTwo();
    const text = net.summary({ print: false });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/Layer \(type\)\s+Output Shape\s+Param #\s+Connected to/);
    const sum = lines.findIndex((l) => l.includes('sum (Add)'));
    expect(lines[sum]).toMatch(/sum \(Add\)\s+\(None, 5\)\s+0\s+shared\[0\]\[0\]$/);
    expect(lines[sum + 1]!.trim()).toBe('shared[1][0]');
    expect(text).toContain('Total params: 80');
    net.dispose();
  });

  it('reject bad graphs and bad data with clear errors', async () => {
    const a = input({ shape: [2], name: 'in_a' });
    const b = input({ shape: [2], name: 'in_b' });
    const sum = add().apply([a, b]);
    expect(() => model({ inputs: a, outputs: sum })).toThrow(
      /depend on input 'in_b', which is not in inputs \('in_a'\): the graph is disconnected/,
    );
    expect(() => model({ inputs: [a, b], outputs: sum, extra: 1 } as never)).toThrow(
      /unknown option 'extra'/,
    );
    expect(() => model({ inputs: sum, outputs: sum })).toThrow(/inputs\[0\].*made by input/);
    const net = model({ inputs: [a, b], outputs: dense({ units: 1 }).apply(sum) });
    net.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([[1, 2]]);
    const y = tensor([[1]]);
    const wide = tensor([[1, 2, 3]]);
    const before = memory().numTensors;
    await expect(net.fit(x, y, { verbose: 0 })).rejects.toThrow(
      /fit: x is one tensor: the model has 2 inputs \(in_a, in_b\)/,
    );
    await expect(net.fit({ in_a: x }, y, { verbose: 0 })).rejects.toThrow(
      /fit: x lacks input 'in_b'/,
    );
    await expect(net.fit({ in_a: x, in_b: x, in_c: x }, y, { verbose: 0 })).rejects.toThrow(
      /fit: x has the key 'in_c', which is not an input/,
    );
    await expect(net.evaluate([x, wide], y)).rejects.toThrow(
      /evaluate: x\['in_b'\] has shape \[1,3\]: expected \(None, 2\), the shape of input 'in_b'/,
    );
    expect(() => net.compile({ optimizer: 'sgd', loss: ['mse', 'mse'] })).toThrow(
      /compile: loss has 2 entries: expected one per output/,
    );
    expect(memory().numTensors).toBe(before);
    dispose([x, y, wide]);
    net.dispose();
  });
});

describe('plain-object callbacks', () => {
  it('fit calls the hooks of plain objects, as TF.js does', async () => {
    const a = input({ shape: [2] });
    const net = model({ inputs: a, outputs: dense({ units: 1 }).apply(a) });
    net.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const y = tensor([[1], [2]]);
    const calls: string[] = [];
    await net.fit(x, y, {
      epochs: 2,
      batchSize: 1,
      verbose: 0,
      callbacks: {
        onTrainBegin: () => {
          calls.push('train');
        },
        onEpochEnd: async (epoch, logs) => {
          calls.push(`epoch ${epoch} ${typeof logs?.loss}`);
        },
        onBatchEnd: (batch) => {
          calls.push(`batch ${batch}`);
        },
      },
    });
    expect(calls).toEqual([
      'train',
      'batch 0',
      'batch 1',
      'epoch 0 number',
      'batch 0',
      'batch 1',
      'epoch 1 number',
    ]);
    const seen: number[] = [];
    await net.fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [{ onEpochEnd: (e) => void seen.push(e) }],
    });
    expect(seen).toEqual([0]);
    await expect(
      net.fit(x, y, { verbose: 0, callbacks: [{ onEpochFinish: () => {} } as never] }),
    ).rejects.toThrow(/callbacks\[0\] has 'onEpochFinish': hooks are onTrainBegin/);
    await expect(
      net.fit(x, y, { verbose: 0, callbacks: { onEpochEnd: 3 } as never }),
    ).rejects.toThrow(/callbacks.onEpochEnd is number: expected a function/);
    dispose([x, y]);
    net.dispose();
  });
});
