import '@glia/backend-cpu';
import { dispose, memory, ready, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sequential } from '../model/sequential';
import {
  compiledClassifier,
  sameBytes,
  separable,
  smallClassifier,
  weightBytes,
} from './test-support';

beforeAll(async () => {
  await ready();
});

/** Runs `call`, expects it to fail with `message`, and checks no weight and no tensor changed. */
async function failsCleanly(
  model: Sequential,
  call: () => unknown,
  message: RegExp,
): Promise<void> {
  const weights = weightBytes(model);
  const iterations = model.compiled?.optimizer.iterations;
  const tensors = memory().numTensors;
  await expect(async () => await call()).rejects.toThrow(message);
  const after = weightBytes(model);
  expect(sameBytes(after, weights)).toBe(true);
  expect(model.compiled?.optimizer.iterations).toBe(iterations);
  expect(memory().numTensors).toBe(tensors);
}

describe('bad calls fail with a clear error before any weight changes', () => {
  it('fit, evaluate and trainOnBatch before compile', async () => {
    const model = smallClassifier();
    const { x, y } = separable(8);
    await failsCleanly(
      model,
      () => model.fit(x, y, { verbose: 0 }),
      /fit: model '.*' is not compiled: call model.compile/,
    );
    await failsCleanly(model, () => model.evaluate(x, y), /evaluate: model '.*' is not compiled/);
    await failsCleanly(
      model,
      () => model.trainOnBatch(x, y),
      /trainOnBatch: model '.*' is not compiled/,
    );
    dispose([x, y]);
    model.dispose();
  });

  it('an input of the wrong shape', async () => {
    const model = compiledClassifier('adam');
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const y = tensor([0, 1], [2], 'int32');
    await failsCleanly(
      model,
      () => model.fit(x, y, { verbose: 0 }),
      /fit: x has shape \[2,3\]: expected \(None, 2\), the input shape of model/,
    );
    await failsCleanly(model, () => model.trainOnBatch(x, y), /trainOnBatch: x has shape \[2,3\]/);
    await failsCleanly(model, () => model.evaluate(x, y), /evaluate: x has shape \[2,3\]/);
    await failsCleanly(
      model,
      () => model.fit([{ xs: x, ys: y }], { verbose: 0 }),
      /fit: xs has shape \[2,3\]/,
    );
    dispose([x, y]);
    model.dispose();
  });

  it('labels of the wrong dtype, range or count', async () => {
    const model = compiledClassifier('adam', ['accuracy']);
    const x = tensor([
      [0.1, 0.2],
      [0.3, 0.4],
      [0.5, 0.6],
    ]);
    const bad: [Tensor, RegExp][] = [
      [
        tensor([0, 1.5, 1]),
        /fit: y: sparseCategoricalCrossentropy: .*label 1.5 at flat index 1 is not an integer/,
      ],
      [
        tensor([0, 1, 2], [3], 'int32'),
        /fit: y: sparseCategoricalCrossentropy: .*label 2 at flat index 2 is outside \[0, 2\)/,
      ],
      [tensor([0, -1, 1], [3], 'int32'), /outside \[0, 2\)/],
      [
        tensor([true, false, true], [3], 'bool'),
        /fit: y: sparseCategoricalCrossentropy: .*bool.*expected int32 class ids/,
      ],
      [
        tensor([
          [1, 0],
          [0, 1],
          [1, 0],
        ]),
        /these look one-hot, use categoricalCrossentropy/,
      ],
      [tensor([0, 1], [2], 'int32'), /fit: x has 3 examples \(shape \[3,2\]\) but y has 2/],
    ];
    for (const [y, message] of bad) {
      await failsCleanly(model, () => model.fit(x, y, { verbose: 0 }), message);
      y.dispose();
    }
    const good = tensor([0, 1, 1], [3], 'int32');
    const outOfRange = tensor([5, 0, 0], [3], 'int32');
    await failsCleanly(
      model,
      () => model.fit(x, good, { verbose: 0, validationData: [x, outOfRange] }),
      /fit: validationData y: .*label 5/,
    );
    await failsCleanly(
      model,
      () => model.trainOnBatch(x, outOfRange),
      /trainOnBatch: y: .*label 5/,
    );
    dispose([x, good, outOfRange]);
    model.dispose();
  });

  it('an unknown optimizer, loss or metric name, naming compile; the old compile stays', async () => {
    const model = compiledClassifier('sgd');
    const compiled = model.compiled;
    expect(() => model.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(
      /^compile: optimizer: unknown optimizer 'adamm': expected one of .*adam.* \(did you mean 'adam'\?\)/,
    );
    expect(() => model.compile({ optimizer: 'adam', loss: 'meanSquareError' })).toThrow(
      /^compile: loss: unknown loss/,
    );
    expect(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acuracy'] })).toThrow(
      /^compile: metrics: unknown metric 'acuracy'/,
    );
    expect(() =>
      model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mse', 'mse'] }),
    ).toThrow(/two metrics are named 'mse'/);
    expect(model.compiled).toBe(compiled);
    model.dispose();
  });

  it('bad fit settings', async () => {
    const model = compiledClassifier('sgd');
    const { x, y } = separable(10);
    await failsCleanly(
      model,
      () => model.fit(x, y, { epochs: 0 }),
      /fit: epochs must be a positive integer, got 0/,
    );
    await failsCleanly(
      model,
      () => model.fit(x, y, { batchSize: 2.5 }),
      /fit: batchSize must be a positive integer/,
    );
    await failsCleanly(
      model,
      () => model.fit(x, y, { validationSplit: 1 }),
      /fit: validationSplit must be a number in \[0, 1\)/,
    );
    await failsCleanly(
      model,
      () => model.fit(x, y, { validationSplit: 0.95, verbose: 0 }),
      /validationSplit 0.95 of 10 examples leaves 0 to train on and 10 to validate on/,
    );
    await failsCleanly(
      model,
      () => model.fit([{ xs: x, ys: y }], { validationSplit: 0.5, verbose: 0 }),
      /validationSplit needs tensors/,
    );
    dispose([x, y]);
    model.dispose();
  });
});
