import { memory, type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { initializers } from '../initializers/index';
import { batchNormalization, layerNormalization } from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

/** Mean and biased variance of each index along `axis` of a row-major tensor, over all the rest. */
function statsAlong(x: Tensor, axis: number): { mean: number[]; variance: number[] } {
  const v = x.dataSync();
  const shape = x.shape;
  const size = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: size }, () => []);
  for (let i = 0; i < v.length; i++) groups[Math.floor(i / inner) % size]!.push(v[i]!);
  const mean = groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
  const variance = groups.map((g, c) => g.reduce((a, b) => a + (b - mean[c]!) ** 2, 0) / g.length);
  return { mean, variance };
}

/**
 * Each run of `size` consecutive values minus its mean, over sqrt(its biased variance + 1e-3):
 * layer normalization's reference, before gamma and beta.
 */
function normalizedGroups(values: ArrayLike<number>, size: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < values.length; start += size) {
    const group = Array.from(values).slice(start, start + size);
    const m = group.reduce((a, b) => a + b, 0) / size;
    const s = group.reduce((a, b) => a + (b - m) ** 2, 0) / size;
    out.push(...group.map((z) => (z - m) / Math.sqrt(s + 1e-3)));
  }
  return out;
}

describe('BatchNormalization', () => {
  it('creates gamma, beta (trainable) and moving_mean, moving_variance (not), in Keras order', () => {
    const layer = batchNormalization();
    layer.apply(randomTensor([2, 3, 3, 4])).dispose();
    expect(layer.weights.map((w) => w.originalName)).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
      'batch_normalization/moving_mean',
      'batch_normalization/moving_variance',
    ]);
    expect(layer.weights.map((w) => w.variable.shape)).toEqual([[4], [4], [4], [4]]);
    expect(layer.trainableWeights.map((w) => w.originalName)).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
    ]);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    expect(layer.countParams()).toBe(16);
    layer.dispose();
  });

  it('in inference, normalizes by the moving statistics', () => {
    const layer = batchNormalization({
      movingMeanInitializer: initializers.constant({ value: 1 }),
      movingVarianceInitializer: initializers.constant({ value: 4 }),
      gammaInitializer: initializers.constant({ value: 2 }),
      betaInitializer: initializers.constant({ value: 0.5 }),
      epsilon: 0.01,
    });
    const x = tensor([
      [1, 3],
      [5, -1],
    ]);
    const scale = 2 / Math.sqrt(4.01);
    expectClose(layer.apply(x), [0.5, 2 * scale + 0.5, 4 * scale + 0.5, -2 * scale + 0.5]);
    layer.dispose();
  });

  it('in training, normalizes by the batch statistics and updates the moving averages', () => {
    const layer = batchNormalization({ momentum: 0.9 });
    const x = randomTensor([3, 2, 2, 3], 4, -2, 3);
    const { mean, variance } = statsAlong(x, 3);
    const y = layer.apply(x, { training: true });
    const v = x.dataSync();
    expectClose(
      y,
      Array.from(v, (value, i) => (value - mean[i % 3]!) / Math.sqrt(variance[i % 3]! + 1e-3)),
      1e-4,
    );
    expectClose(
      layer.movingMean!,
      mean.map((m) => 0.1 * m),
      1e-5,
    );
    expectClose(
      layer.movingVariance!,
      variance.map((s) => 0.9 + 0.1 * s),
      1e-5,
    );
    layer.apply(x, { training: true }).dispose();
    expectClose(
      layer.movingMean!,
      mean.map((m) => 0.9 * 0.1 * m + 0.1 * m),
      1e-5,
    );
    layer.dispose();
  });

  it('normalizes another axis: axis 1 of a rank-4 input', () => {
    const layer = batchNormalization({ axis: 1 });
    const x = randomTensor([2, 3, 2, 2], 5);
    const { mean, variance } = statsAlong(x, 1);
    const y = layer.apply(x, { training: true });
    expect(layer.gamma!.shape).toEqual([3]);
    const v = x.dataSync();
    expectClose(
      y,
      Array.from(v, (value, i) => {
        const c = Math.floor(i / 4) % 3;
        return (value - mean[c]!) / Math.sqrt(variance[c]! + 1e-3);
      }),
      1e-4,
    );
    layer.dispose();
  });

  it('with trainable false, uses the moving statistics also in training (as Keras)', () => {
    const layer = batchNormalization({ trainable: false });
    const x = randomTensor([4, 3], 6);
    const y = layer.apply(x, { training: true });
    expectClose(
      y,
      Array.from(x.dataSync(), (v) => v / Math.sqrt(1 + 1e-3)),
      1e-5,
    );
    expectClose(layer.movingMean!, [0, 0, 0]);
    layer.dispose();
  });

  it('without center or scale has no beta or gamma', () => {
    const layer = batchNormalization({ center: false, scale: false });
    layer.apply(randomTensor([2, 3])).dispose();
    expect(layer.weights.map((w) => w.originalName)).toEqual([
      'batch_normalization/moving_mean',
      'batch_normalization/moving_variance',
    ]);
    layer.dispose();
  });

  it('gradients match central differences, in training and in inference', () => {
    const init = (seed: number) => initializers.randomNormal({ seed, mean: 1, stddev: 0.3 });
    const training = batchNormalization({ gammaInitializer: init(1), betaInitializer: init(2) });
    expectLayerGradients(training, randomTensor([4, 3], 3), ['gamma', 'beta'], {
      context: { training: true },
      epsilon: 1e-2,
      tolerance: 3e-2,
    });
    const inference = batchNormalization({
      gammaInitializer: init(1),
      betaInitializer: init(2),
      movingVarianceInitializer: init(4),
    });
    expectLayerGradients(inference, randomTensor([2, 2, 2, 3], 5), [
      'gamma',
      'beta',
      'movingMean',
      'movingVariance',
    ]);
    training.dispose();
    inference.dispose();
  });

  it('leaks nothing, also while updating its moving averages', () => {
    const layer = batchNormalization();
    const x = randomTensor([4, 2, 2, 3]);
    layer.apply(x, { training: true }).dispose();
    const before = memory().numTensors;
    layer.apply(x, { training: true }).dispose();
    layer.apply(x).dispose();
    expect(memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('rejects bad arguments', () => {
    expect(() => batchNormalization({ momentum: 1.5 })).toThrow(
      /BatchNormalization 'batch_normalization(_\d+)?': momentum must be a finite number >= 0 and <= 1, got 1.5/,
    );
    expect(() => batchNormalization({ epsilon: 0 })).toThrow(
      /epsilon must be a finite number > 0, got 0/,
    );
    expect(() => batchNormalization({ axis: 3 }).apply(randomTensor([2, 3]))).toThrow(
      /axis 3 is out of range for input shape \(None, 3\): expected -2 <= axis < 2/,
    );
    expect(() => batchNormalization({ axis: 0 }).apply(randomTensor([2, 3]))).toThrow(
      /includes the batch axis 0/,
    );
  });
});

describe('LayerNormalization', () => {
  it('normalizes each example over the last axis, the same in training and inference', () => {
    const layer = layerNormalization({
      gammaInitializer: initializers.constant({ value: 2 }),
      betaInitializer: initializers.constant({ value: 1 }),
    });
    const x = randomTensor([3, 5], 7, -2, 2);
    const expected = normalizedGroups(x.dataSync(), 5).map((z) => 2 * z + 1);
    expectClose(layer.apply(x), expected, 1e-4);
    expectClose(layer.apply(x, { training: true }), expected, 1e-4);
    expect(layer.weights.map((w) => w.originalName)).toEqual([
      'layer_normalization/gamma',
      'layer_normalization/beta',
    ]);
    layer.dispose();
  });

  it('normalizes over several axes', () => {
    const layer = layerNormalization({ axis: [1, 2] });
    const x = randomTensor([2, 2, 3], 8);
    const expected = normalizedGroups(x.dataSync(), 6);
    expectClose(layer.apply(x), expected, 1e-4);
    expect(layer.gamma!.shape).toEqual([2, 3]);
    layer.dispose();
  });

  it('gradients match central differences', () => {
    const init = (seed: number) => initializers.randomNormal({ seed, mean: 1, stddev: 0.3 });
    const layer = layerNormalization({ gammaInitializer: init(1), betaInitializer: init(2) });
    expectLayerGradients(layer, randomTensor([2, 4], 9), ['gamma', 'beta'], { tolerance: 3e-2 });
    layer.dispose();
  });

  it('rejects bad axes', () => {
    expect(() => layerNormalization({ axis: [] })).toThrow(
      /axis must be an integer or a non-empty list of integers/,
    );
    expect(() => layerNormalization({ axis: [1, -1] }).apply(randomTensor([2, 3]))).toThrow(
      /repeats an axis/,
    );
  });
});
