// Recurrent layers in Sequential models: save and load (memoryHandler), training on a short
// sequence task, and no leaked tensors across fit, evaluate and predict.

import { memory, Prng, setSeed, type Tensor, tensor } from '@glia/core';
import { adam } from '@glia/optimizers';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../../engine/naming';
import { memoryHandler } from '../../io/handlers/memory';
import { loadModel } from '../../io/load-model';
import { singleOutput } from '../../model/layers-model';
import { Sequential } from '../../model/sequential';
import { timedFit } from '../../training/test-support';
import * as layers from '../index';
import { expectClose, randomTensor, useCpu } from '../test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

/** Every recurrent layer once, with non-default settings. */
function everyLayer(): Sequential {
  return new Sequential({
    layers: [
      layers.bidirectional({
        layer: layers.lstm({ units: 3, returnSequences: true, recurrentDropout: 0.2 }),
        mergeMode: 'sum',
        inputShape: [4, 2],
      }),
      layers.gru({ units: 3, returnSequences: true, goBackwards: true }),
      layers.timeDistributed({ layer: layers.dense({ units: 2, activation: 'relu' }) }),
      layers.rnn({ cell: layers.gruCell({ units: 2, resetAfter: false }), returnSequences: true }),
      layers.simpleRNN({ units: 2, returnState: true }),
    ],
  });
}

describe('save and load', () => {
  it('every recurrent layer comes back with its config and weights (memoryHandler)', async () => {
    setSeed(4);
    const model = everyLayer();
    const x = randomTensor([3, 4, 2], 2);
    const y = model.predict(x);
    expect(y.shape).toEqual([3, 2]);
    const handler = memoryHandler();
    await model.save(handler);
    const before = memory().numTensors;
    const again = singleOutput(await loadModel(handler));
    expect(again.getConfig()).toEqual(model.getConfig());
    expect(again.weights.map((w) => w.originalName)).toEqual(
      model.weights.map((w) => w.originalName),
    );
    const y2 = again.predict(x);
    expectClose(y2, y.dataSync(), 0);
    y2.dispose();
    again.dispose();
    expect(memory().numTensors).toBe(before);
    for (const t of [x, y]) t.dispose();
    model.dispose();
  });

  it('summary counts the parameters as Keras does', () => {
    const model = new Sequential({
      layers: [
        layers.lstm({ units: 8, returnSequences: true, inputShape: [10, 4] }),
        layers.bidirectional({ layer: layers.gru({ units: 4 }) }),
        layers.dense({ units: 1 }),
      ],
    });
    // LSTM 4·(4·8 + 8·8 + 8) = 416; GRU (resetAfter) 2·3·(8·4 + 4·4 + 2·4) = 336; dense 9.
    expect(model.countParams()).toBe(416 + 336 + 9);
    expect(model.outputShape).toEqual([null, 1]);
    model.dispose();
  });
});

/** Sequences of `steps` values in [0, 1); label 1 when the first value exceeds the last. */
function compareTask(n: number, steps: number, seed: number): { x: Tensor; y: Tensor } {
  const prng = new Prng(seed);
  const xs = new Float32Array(n * steps);
  const ys = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < steps; t++) xs[i * steps + t] = prng.nextFloat();
    ys[i] = xs[i * steps]! > xs[i * steps + steps - 1]! ? 1 : 0;
  }
  return { x: tensor(xs, [n, steps, 1]), y: tensor(ys, [n, 1]) };
}

describe('training', () => {
  it('an LSTM learns to compare the first and last values of a sequence, leaking nothing', async () => {
    setSeed(1);
    const model = new Sequential({
      layers: [
        layers.lstm({ units: 8, inputShape: [5, 1] }),
        layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const train = compareTask(512, 5, 2);
    const test = compareTask(256, 5, 3);
    // The first step creates Adam's moments; count tensors after it.
    await model.fit(train.x, train.y, { epochs: 1, batchSize: 64, seed: 5, verbose: 0 });
    const before = memory().numTensors;
    const { history, seconds } = await timedFit(model, train.x, train.y, {
      epochs: 40,
      batchSize: 64,
      seed: 6,
    });
    const { accuracy } = await model.evaluate(test.x, test.y);
    const predictions = model.predict(test.x);
    predictions.dispose();
    expect(memory().numTensors).toBe(before);
    const losses = history.history.loss!;
    console.log(
      `LSTM compare task: loss ${losses[0]!.toFixed(3)} -> ${losses[losses.length - 1]!.toFixed(3)}, test accuracy ${accuracy!.toFixed(3)}, fit ${seconds.toFixed(1)} s`,
    );
    expect(accuracy).toBeGreaterThan(0.93);
    for (const t of [train.x, train.y, test.x, test.y]) t.dispose();
    model.dispose();
  }, 30_000);

  it('dropout and recurrent dropout train (masks only in fit), no leaks', async () => {
    setSeed(2);
    const model = new Sequential({
      layers: [
        layers.bidirectional({
          layer: layers.gru({
            units: 4,
            dropout: 0.2,
            recurrentDropout: 0.2,
            returnSequences: true,
          }),
          inputShape: [5, 1],
        }),
        layers.timeDistributed({ layer: layers.dense({ units: 1 }) }),
      ],
    });
    model.compile({ optimizer: adam(0.01), loss: 'meanSquaredError' });
    const { x } = compareTask(32, 5, 4);
    await model.fit(x, x, { epochs: 1, batchSize: 16, verbose: 0 }); // creates Adam's moments
    const before = memory().numTensors;
    const history = await model.fit(x, x, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(history.history.loss!.every(Number.isFinite)).toBe(true);
    const a = model.predict(x);
    const b = model.predict(x);
    expectClose(a, b.dataSync(), 0);
    for (const t of [a, b]) t.dispose();
    expect(memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});
