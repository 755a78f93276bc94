// The sync-read audit: fit (with validation, metrics and callbacks), evaluate and predict on a
// backend whose readSync throws, as gpu.js's webgpu mode does. Nothing on Glia's training and
// inference path may read synchronously; every read there is `await t.data()`.
import { CpuBackend } from '@glia/backend-cpu';
import {
  memory,
  registerBackend,
  removeBackend,
  SyncReadError,
  setBackend,
  setSeed,
  tensor,
} from '@glia/core';
import { withoutSyncReads } from '@glia/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customCallback } from '../callbacks/custom-callback';
import { resetLayerNames } from '../engine/naming';
import { conv2d, dense, dropout, flatten, maxPooling2d } from '../layers/index';
import { sequential } from '../model/sequential';

beforeAll(() => {
  // The CPU backend, but with no synchronous reads: every `readSync` is a SyncReadError.
  registerBackend('async-only', () =>
    withoutSyncReads(
      new CpuBackend(),
      () => new SyncReadError('audit: a synchronous read on the training or inference path'),
    ),
  );
});
afterAll(async () => {
  await setBackend('cpu');
  removeBackend('async-only');
});

function images(n: number, seed: number): { x: Float32Array; y: Int32Array } {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x = Float32Array.from({ length: n * 8 * 8 }, next);
  const y = Int32Array.from({ length: n }, () => Math.floor(next() * 3));
  return { x, y };
}

/** fit, evaluate and predict of a small CNN from seed 3, on the active backend. */
async function run(): Promise<{
  history: Record<string, number[]>;
  batchLosses: number[];
  evaluated: Record<string, number>;
  onBatch: Record<string, number>;
  predicted: number[];
}> {
  setSeed(3);
  resetLayerNames();
  const before = memory().numTensors;
  const model = sequential({
    layers: [
      conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
      maxPooling2d({ poolSize: 2 }),
      flatten(),
      dropout({ rate: 0.2 }),
      dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const { x, y } = images(24, 1);
  const xs = tensor(x, [24, 8, 8, 1]);
  const ys = tensor(y, [24], 'int32');
  const batchLosses: number[] = [];
  const { history } = await model.fit(xs, ys, {
    epochs: 2,
    batchSize: 8,
    validationSplit: 0.25,
    shuffle: true,
    verbose: 0,
    callbacks: [customCallback({ onBatchEnd: (_b, logs) => void batchLosses.push(logs!.loss!) })],
  });
  const evaluated = await model.evaluate(xs, ys, { batchSize: 8 });
  const onBatch = await model.trainOnBatch(xs, ys);
  const p = model.predict(xs, { batchSize: 8 });
  const predicted = Array.from(await p.data());
  p.dispose();
  xs.dispose();
  ys.dispose();
  model.dispose();
  expect(memory().numTensors, 'tensors left').toBe(before);
  return {
    history: history as Record<string, number[]>,
    batchLosses,
    evaluated,
    onBatch,
    predicted,
  };
}

describe('no synchronous reads on the training and inference path', () => {
  it('fit (validation, metrics, callbacks, shuffling), evaluate, trainOnBatch and predict give the CPU backend’s numbers', async () => {
    await setBackend('cpu');
    const reference = await run();
    await setBackend('async-only');
    const audited = await run();
    expect(audited.history.loss).toHaveLength(2);
    expect(audited.history.val_loss).toHaveLength(2);
    expect(audited.history.accuracy).toHaveLength(2);
    expect(audited).toEqual(reference);
    // softmax rows sum to 1
    const [a, b, c] = audited.predicted;
    expect(Math.abs(a! + b! + c! - 1)).toBeLessThan(1e-5);
  });

  it('precision and recall metrics read with await too, to the CPU backend’s values', async () => {
    const binary = async (): Promise<Record<string, number>> => {
      setSeed(5);
      resetLayerNames();
      const model = sequential({
        layers: [dense({ units: 1, activation: 'sigmoid', inputShape: [4] })],
      });
      model.compile({
        optimizer: 'sgd',
        loss: 'binaryCrossentropy',
        metrics: ['precision', 'recall'],
      });
      const x = tensor(
        Array.from({ length: 40 }, (_, i) => Math.sin(i)),
        [10, 4],
      );
      const y = tensor(
        Array.from({ length: 10 }, (_, i) => i % 2),
        [10, 1],
      );
      const logs = await model.evaluate(x, y, { batchSize: 4 });
      const step = await model.trainOnBatch(x, y);
      x.dispose();
      y.dispose();
      model.dispose();
      return { ...logs, stepLoss: step.loss!, stepPrecision: step.precision! };
    };
    await setBackend('cpu');
    const reference = await binary();
    await setBackend('async-only');
    const audited = await binary();
    expect(Object.keys(audited).sort()).toEqual(
      ['loss', 'precision', 'recall', 'stepLoss', 'stepPrecision'].sort(),
    );
    expect(audited).toEqual(reference);
  });
});
