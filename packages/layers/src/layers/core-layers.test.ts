import { memory, setSeed, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { initializers } from '../initializers/index';
import { activation, dropout, embedding } from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

describe('Dropout', () => {
  it('is the identity when not training', () => {
    const x = randomTensor([4, 5]);
    expectClose(dropout({ rate: 0.5 }).apply(x), x.dataSync());
  });

  it('while training, zeroes about `rate` of the inputs and scales the rest by 1/(1 - rate)', () => {
    const x = tensor(new Float32Array(4000).fill(1), [40, 100]);
    const y = dropout({ rate: 0.25, seed: 3 }).apply(x, { training: true }).dataSync();
    const zeros = y.filter((v) => v === 0).length;
    expect(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
  });

  it('repeats its mask for a seed, and follows setSeed without one', () => {
    const x = randomTensor([10, 10]);
    const seeded = dropout({ rate: 0.5, seed: 42 });
    expectClose(
      seeded.apply(x, { training: true }),
      seeded.apply(x, { training: true }).dataSync(),
    );
    const unseeded = dropout({ rate: 0.5 });
    setSeed(7);
    const first = unseeded.apply(x, { training: true }).dataSync();
    setSeed(7);
    expectClose(unseeded.apply(x, { training: true }), first);
  });

  it('passes gradients through the kept inputs, scaled', () => {
    expectLayerGradients(dropout({ rate: 0.4, seed: 1 }), randomTensor([3, 4]), [], {
      context: { training: true },
    });
  });

  it('rejects rates outside [0, 1)', () => {
    expect(() => dropout({ rate: 1 })).toThrow(
      /Dropout 'dropout(_\d+)?': rate must be a finite number >= 0 and < 1, got 1/,
    );
    expect(() => dropout({} as { rate: number })).toThrow(
      /rate must be a finite number >= 0 and < 1, got null/,
    );
  });
});

describe('Activation', () => {
  it('applies its function; applyLogits is the identity', () => {
    const layer = activation({ activation: 'relu' });
    const x = tensor([
      [-1, 2],
      [3, -4],
    ]);
    expectClose(layer.apply(x), [0, 2, 3, 0]);
    expectClose(layer.applyLogits(x), [-1, 2, 3, -4]);
    expect(layer.activationName).toBe('relu');
    expectLayerGradients(activation({ activation: 'softmax' }), randomTensor([2, 3]), []);
    expect(() => activation({ activation: 'nope' })).toThrow(
      /Activation 'activation(_\d+)?': getActivation: unknown activation 'nope'/,
    );
  });
});

describe('Embedding', () => {
  it('looks up rows of its [inputDim, outputDim] embeddings by integer index', () => {
    const layer = embedding({
      inputDim: 4,
      outputDim: 3,
      embeddingsInitializer: initializers.randomUniform({ seed: 1 }),
    });
    const indices = tensor(
      [
        [0, 3],
        [2, 2],
      ],
      undefined,
      'int32',
    );
    const y = layer.apply(indices);
    expect(y.shape).toEqual([2, 2, 3]);
    expect(layer.computeOutputShape([null, 2])).toEqual([null, 2, 3]);
    const e = layer.embeddings!.dataSync();
    const row = (i: number) => Array.from(e.slice(i * 3, i * 3 + 3));
    expectClose(y, [...row(0), ...row(3), ...row(2), ...row(2)]);
    expect(layer.weights.map((w) => w.originalName)).toEqual(['embedding/embeddings']);
    // Float indices are truncated to int32, as Keras casts them.
    expectClose(
      layer.apply(
        tensor([
          [1, 0],
          [3, 1],
        ]),
      ),
      [...row(1), ...row(0), ...row(3), ...row(1)],
    );
    layer.dispose();
  });

  it('has the gradient of a lookup with respect to its embeddings', () => {
    const layer = embedding({ inputDim: 5, outputDim: 2 });
    expectLayerGradients(layer, tensor([[1, 4, 1]], undefined, 'int32'), ['embeddings']);
    layer.dispose();
  });

  it('rejects out-of-range indices and bad arguments', () => {
    const layer = embedding({ inputDim: 3, outputDim: 2 });
    expect(() => layer.apply(tensor([[0, 3]], undefined, 'int32'))).toThrow(
      /index 3 .* out of range/,
    );
    expect(() => embedding({ inputDim: 0, outputDim: 2 })).toThrow(
      /Embedding 'embedding(_\d+)?': inputDim must be a positive integer, got 0/,
    );
    expect(() => embedding({ inputDim: 3, outputDim: 2, maskZero: true })).toThrow(
      /maskZero true is not supported/,
    );
    layer.dispose();
  });

  it('leaks nothing', () => {
    const layer = embedding({ inputDim: 3, outputDim: 2 });
    const x = tensor([[0, 1, 2]]);
    layer.apply(x).dispose();
    const before = memory().numTensors;
    layer.apply(x).dispose();
    expect(memory().numTensors).toBe(before);
    layer.dispose();
  });
});
