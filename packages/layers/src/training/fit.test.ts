import '@glia/backend-cpu';
import {
  dispose,
  mean,
  memory,
  ready,
  setSeed,
  slice,
  type Tensor,
  tensor,
  tidy,
} from '@glia/core';
import { adam, sgd } from '@glia/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { customCallback } from '../callbacks/custom-callback';
import { resetLayerNames } from '../engine/naming';
import { batchNormalization, dense, dropout } from '../layers/index';
import { losses } from '../losses/index';
import { sequential } from '../model/sequential';
import { L1L2 } from '../regularizers/index';
import {
  compiledClassifier,
  sameBytes,
  seededSequential,
  separable,
  weightBytes,
} from './test-support';
import type { Batch } from './types';

beforeAll(async () => {
  await ready();
});

describe('fit on tensors', () => {
  it('learns XOR to 100% accuracy', async () => {
    const model = seededSequential(3, () => [
      dense({ units: 8, activation: 'tanh', inputShape: [2] }),
      dense({ units: 1, activation: 'sigmoid' }),
    ]);
    model.compile({ optimizer: adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    const history = await model.fit(x, y, { epochs: 300, batchSize: 4, verbose: 0, seed: 1 });
    const result = await model.evaluate(x, y);
    expect(history.history.loss!.at(-1)!).toBeLessThan(0.1);
    expect(result.accuracy).toBe(1);
    dispose([x, y]);
    model.dispose();
  });

  it('learns a separable problem to > 95% accuracy and records History per epoch', async () => {
    const model = compiledClassifier(adam(0.05), ['accuracy']);
    const { x, y } = separable(256);
    const history = await model.fit(x, y, {
      epochs: 15,
      batchSize: 32,
      validationSplit: 0.25,
      verbose: 0,
      seed: 2,
    });
    expect(history.epoch).toEqual([...Array(15).keys()]);
    expect(Object.keys(history.history).sort()).toEqual([
      'accuracy',
      'loss',
      'val_accuracy',
      'val_loss',
    ]);
    for (const values of Object.values(history.history)) expect(values).toHaveLength(15);
    const loss = history.history.loss!;
    expect(loss.at(-1)!).toBeLessThan(loss[0]!);
    expect(history.history.val_accuracy!.at(-1)!).toBeGreaterThan(0.95);
    // The validation logs are evaluate's on the last quarter.
    const xVal = tidy(() => slice(x, [192, 0], [64, 2]));
    const yVal = tidy(() => slice(y, [192], [64]));
    const evaluated = await model.evaluate(xVal, yVal);
    expect(evaluated.loss).toBeCloseTo(history.history.val_loss!.at(-1)!, 5);
    expect(evaluated.accuracy).toBeCloseTo(history.history.val_accuracy!.at(-1)!, 6);
    dispose([x, y, xVal, yVal]);
    model.dispose();
  });

  it('validationSplit holds out the last examples, before shuffling (as Keras)', async () => {
    const model = compiledClassifier(sgd(0.1));
    const { x, y } = separable(40);
    const seen: number[] = [];
    const counter = customCallback({ onBatchBegin: (_b, logs) => void seen.push(logs!.size!) });
    await model.fit(x, y, {
      epochs: 1,
      batchSize: 16,
      validationSplit: 0.2,
      verbose: 0,
      callbacks: [counter],
    });
    expect(seen).toEqual([16, 16]); // 32 of 40 train
    dispose([x, y]);
    model.dispose();
  });

  it('starts at initialEpoch and stops when a callback sets stopTraining', async () => {
    const model = compiledClassifier(sgd(0.1));
    const { x, y } = separable(64);
    const resumed = await model.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0 });
    expect(resumed.epoch).toEqual([3, 4]);

    const before = model.compiled!.optimizer.iterations;
    const batches: number[] = [];
    const stopper = customCallback({
      onBatchEnd(batch) {
        batches.push(batch);
        if (batch === 2) model.stopTraining = true;
      },
    });
    const history = await model.fit(x, y, {
      epochs: 10,
      batchSize: 8,
      verbose: 0,
      callbacks: [stopper],
    });
    expect(batches).toEqual([0, 1, 2]);
    expect(history.epoch).toEqual([0]); // the stopped epoch still ends (logs, callbacks)
    expect(model.compiled!.optimizer.iterations - before).toBe(3);
    dispose([x, y]);
    model.dispose();
  });

  it('calls callbacks in Keras order with val_* logs at epoch end', async () => {
    const model = compiledClassifier(sgd(0.1), ['accuracy']);
    const { x, y } = separable(20);
    const events: string[] = [];
    const epochLogs: Record<string, number>[] = [];
    const recorder = customCallback({
      onTrainBegin: () => void events.push('trainBegin'),
      onEpochBegin: (e) => void events.push(`epochBegin ${e}`),
      onBatchBegin: (b) => void events.push(`batchBegin ${b}`),
      onBatchEnd: (b, logs) => void events.push(`batchEnd ${b} ${Object.keys(logs!).join(',')}`),
      onEpochEnd: (e, logs) => {
        events.push(`epochEnd ${e}`);
        epochLogs.push({ ...logs });
      },
      onTrainEnd: () => void events.push('trainEnd'),
    });
    const { x: vx, y: vy } = separable(10, 99);
    await model.fit(x, y, {
      epochs: 2,
      batchSize: 10,
      verbose: 0,
      callbacks: [recorder],
      validationData: [vx, vy],
    });
    expect(events).toEqual([
      'trainBegin',
      'epochBegin 0',
      'batchBegin 0',
      'batchEnd 0 loss,accuracy',
      'batchBegin 1',
      'batchEnd 1 loss,accuracy',
      'epochEnd 0',
      'epochBegin 1',
      'batchBegin 0',
      'batchEnd 0 loss,accuracy',
      'batchBegin 1',
      'batchEnd 1 loss,accuracy',
      'epochEnd 1',
      'trainEnd',
    ]);
    expect(Object.keys(epochLogs[0]!).sort()).toEqual([
      'accuracy',
      'loss',
      'val_accuracy',
      'val_loss',
    ]);
    dispose([x, y, vx, vy]);
    model.dispose();
  });
});

describe('fit on batches', () => {
  function batchesOf(x: Tensor, y: Tensor, size: number): Batch<Tensor>[] {
    const n = x.shape[0]!;
    const out: Batch<Tensor>[] = [];
    for (let s = 0; s < n; s += size) {
      const k = Math.min(size, n - s);
      out.push({ xs: slice(x, [s, 0], [k, 2]), ys: slice(y, [s], [k]) });
    }
    return out;
  }

  it('trains on an array of batches each epoch and leaves the caller its tensors', async () => {
    const model = compiledClassifier(adam(0.05), ['accuracy']);
    const { x, y } = separable(128);
    const batches = batchesOf(x, y, 32);
    const history = await model.fit(batches, { epochs: 10, verbose: 0, validationData: batches });
    expect(history.epoch).toHaveLength(10);
    expect(history.history.accuracy!.at(-1)!).toBeGreaterThan(0.9);
    expect(batches.every((b) => !b.xs.isDisposed && !b.ys.isDisposed)).toBe(true);
    const evaluated = await model.evaluate(batches);
    expect(evaluated.loss).toBeCloseTo((await model.evaluate(x, y)).loss, 5);
    dispose([x, y, ...batches.map((b) => [b.xs, b.ys])]);
    model.dispose();
  });

  it('reads a re-iterable async source (a Dataset) each epoch and frees its batches', async () => {
    const model = compiledClassifier(adam(0.05));
    const { x, y } = separable(64);
    await model.trainOnBatch(x, y); // creates the optimizer's slots
    const dataset = {
      async *[Symbol.asyncIterator]() {
        for (let s = 0; s < 64; s += 16)
          yield { xs: slice(x, [s, 0], [16, 2]), ys: slice(y, [s], [16]) };
      },
    };
    const before = memory().numTensors;
    const history = await model.fit(dataset, { epochs: 3, verbose: 0 });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(memory().numTensors).toBe(before);
    dispose([x, y]);
    model.dispose();
  });

  it('a one-shot generator over several epochs is a clear error', async () => {
    const model = compiledClassifier(sgd(0.1));
    const { x, y } = separable(32);
    function* generate(): Generator<Batch> {
      for (let s = 0; s < 32; s += 16)
        yield { xs: slice(x, [s, 0], [16, 2]), ys: slice(y, [s], [16]) };
    }
    await expect(model.fit(generate(), { epochs: 2, verbose: 0 })).rejects.toThrow(
      /yielded nothing in epoch 2: a generator or iterator can be read only once/,
    );
    const once = await model.fit(generate(), { epochs: 1, verbose: 0 });
    expect(once.epoch).toEqual([0]);
    await expect(model.fit([], { verbose: 0 })).rejects.toThrow(
      /yielded nothing: expected at least one \{ xs, ys \}/,
    );
    dispose([x, y]);
    model.dispose();
  });
});

describe('memory: fit, evaluate, predict and trainOnBatch leave numTensors where it was', () => {
  it('over several epochs, with validation, shuffling and metrics', async () => {
    const model = compiledClassifier('adam', ['accuracy', 'sparseCategoricalCrossentropy']);
    const { x, y } = separable(100);
    await model.trainOnBatch(x, y); // the optimizer's slot variables are made once, on the first step
    const before = memory().numTensors;
    await model.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.2, verbose: 0 });
    expect(memory().numTensors).toBe(before);
    await model.evaluate(x, y, { batchSize: 30 });
    expect(memory().numTensors).toBe(before);
    const p = model.predict(x, { batchSize: 30 });
    expect(p.shape).toEqual([100, 2]);
    p.dispose();
    expect(memory().numTensors).toBe(before);
    await model.trainOnBatch(x, y);
    expect(memory().numTensors).toBe(before);
    dispose([x, y]);
    model.dispose();
  });

  it('when a step throws', async () => {
    const model = compiledClassifier('sgd');
    const { x, y } = separable(32);
    const before = memory().numTensors;
    const failing = customCallback({
      onBatchEnd: () => {
        throw new Error('boom');
      },
    });
    await expect(
      model.fit(x, y, { epochs: 2, verbose: 0, validationSplit: 0.5, callbacks: [failing] }),
    ).rejects.toThrow('boom');
    expect(memory().numTensors).toBe(before);
    dispose([x, y]);
    model.dispose();
  });
});

describe('determinism', () => {
  async function trainedWeights(): Promise<Uint8Array[]> {
    const model = seededSequential(1, () => [
      dense({ units: 16, activation: 'relu', inputShape: [2] }),
      dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const { x, y } = separable(96);
    await model.fit(x, y, { epochs: 3, batchSize: 16, seed: 42, verbose: 0 });
    const bytes = weightBytes(model);
    dispose([x, y]);
    model.dispose();
    return bytes;
  }

  it('setSeed and the same fit seed give bit-identical weights', async () => {
    const a = await trainedWeights();
    const b = await trainedWeights();
    expect(a.length).toBe(4);
    expect(sameBytes(a, b)).toBe(true);
  });

  it('a different fit seed shuffles differently', async () => {
    setSeed(1);
    const model = compiledClassifier('sgd');
    const initial = model.getWeights();
    const { x, y } = separable(64);
    const run = async (seed: number): Promise<Uint8Array[]> => {
      model.setWeights(initial);
      await model.fit(x, y, { epochs: 1, batchSize: 8, seed, verbose: 0 });
      return weightBytes(model);
    };
    const a = await run(1);
    const b = await run(2);
    const c = await run(1);
    expect(sameBytes(a, c)).toBe(true);
    expect(sameBytes(a, b)).toBe(false);
    dispose([x, y, ...initial]);
    model.dispose();
  });
});

describe('the fused softmax + cross-entropy path', () => {
  it('gives the loss computed from probabilities, on moderate logits', async () => {
    const model = seededSequential(5, () => [
      dense({ units: 4, activation: 'softmax', inputShape: [3] }),
    ]);
    model.compile({
      optimizer: sgd(0.1),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    expect(model.compiled!.outputs[0]!.fusedLogits).toBe(true);
    // Logits within about ±3.
    const x = tensor([
      [1, -2, 0.5],
      [0.3, 0.8, -1.5],
      [-1, -1, 2],
      [2, 0.1, -0.4],
      [0, 0, 0],
    ]);
    const y = tensor([0, 3, 1, 2, 1], [5], 'int32');
    const fromProbabilities = tidy(
      () => mean(losses.sparseCategoricalCrossentropy(y, model.predict(x))).dataSync()[0]!,
    );
    const evaluated = await model.evaluate(x, y);
    expect(evaluated.loss).toBeCloseTo(fromProbabilities, 5);
    const logs = await model.trainOnBatch(x, y); // the loss before the step
    expect(logs.loss).toBeCloseTo(fromProbabilities, 5);
    dispose([x, y]);
    model.dispose();
  });

  it("is not taken when the last activation is not the loss's", () => {
    resetLayerNames();
    const model = sequential({
      layers: [dense({ units: 4, activation: 'sigmoid', inputShape: [3] })],
    });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    expect(model.compiled!.outputs[0]!.fusedLogits).toBe(false);
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    expect(model.compiled!.outputs[0]!.fusedLogits).toBe(true);
    model.dispose();
  });
});

describe('the training step', () => {
  it('adds regularization penalties to the loss', async () => {
    const model = seededSequential(2, () => [
      dense({ units: 3, inputShape: [2], kernelRegularizer: new L1L2({ l2: 0.5 }) }),
    ]);
    model.compile({ optimizer: sgd(0), loss: 'mse' });
    const x = tensor([
      [1, 2],
      [3, -1],
    ]);
    const y = tensor([
      [0, 1, 0],
      [1, 0, 1],
    ]);
    const kernel = model.layers[0]!.weights[0]!.variable.dataSync();
    const penalty = 0.5 * Array.from(kernel).reduce((a, w) => a + w * w, 0);
    const dataLoss = tidy(() => mean(losses.meanSquaredError(y, model.predict(x))).dataSync()[0]!);
    expect((await model.trainOnBatch(x, y)).loss).toBeCloseTo(dataLoss + penalty, 5);
    dispose([x, y]);
    model.dispose();
  });

  it('runs dropout and batch normalization in training mode, leaking nothing', async () => {
    const model = seededSequential(4, () => [
      dense({ units: 16, activation: 'relu', inputShape: [2] }),
      batchNormalization(),
      dropout({ rate: 0.3 }),
      dense({ units: 2, activation: 'softmax' }),
    ]);
    model.compile({
      optimizer: adam(0.02),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const { x, y } = separable(128);
    await model.trainOnBatch(x, y);
    const movingMean = () => Array.from(model.layers[1]!.weights[2]!.variable.dataSync());
    const before = memory().numTensors;
    const startMean = movingMean();
    await model.fit(x, y, { epochs: 10, batchSize: 32, verbose: 0 });
    expect(memory().numTensors).toBe(before);
    expect(movingMean()).not.toEqual(startMean); // the moving statistics follow the batches
    expect((await model.evaluate(x, y)).accuracy).toBeGreaterThan(0.8); // moving statistics lag (momentum 0.99)
    dispose([x, y]);
    model.dispose();
  });
});
