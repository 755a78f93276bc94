/**
 * The pooling, reshaping, activation and dropout layers added for porting TF.js and Keras models:
 * each against TF.js 4.22 (where TF.js has it) or hand-worked values, and its gradient against
 * finite differences.
 */
import { memory, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer } from '../engine/layer';
import * as layers from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';
import { expectSameAsTfjs } from './tfjs-oracle';

beforeAll(useCpu);

const training = { training: true };

describe('against TF.js', () => {
  const cases: [string, () => Layer, () => tf.layers.Layer, number[]][] = [
    [
      'MaxPooling1D',
      () => layers.maxPooling1d({ poolSize: 2 }),
      () => tf.layers.maxPooling1d({ poolSize: 2 }),
      [2, 7, 3],
    ],
    [
      'AveragePooling1D same',
      () => layers.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      () => tf.layers.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' }),
      [2, 7, 3],
    ],
    [
      'GlobalAveragePooling1D',
      () => layers.globalAveragePooling1d(),
      () => tf.layers.globalAveragePooling1d({}),
      [2, 5, 3],
    ],
    [
      'GlobalMaxPooling1D',
      () => layers.globalMaxPooling1d(),
      () => tf.layers.globalMaxPooling1d({}),
      [2, 5, 3],
    ],
    [
      'Cropping2D',
      () =>
        layers.cropping2D({
          cropping: [
            [1, 0],
            [2, 1],
          ],
        }),
      () =>
        tf.layers.cropping2D({
          cropping: [
            [1, 0],
            [2, 1],
          ],
        }),
      [2, 5, 6, 2],
    ],
    [
      'Permute',
      () => layers.permute({ dims: [3, 1, 2] }),
      () => tf.layers.permute({ dims: [3, 1, 2] }),
      [2, 3, 4, 5],
    ],
    [
      'RepeatVector',
      () => layers.repeatVector({ n: 3 }),
      () => tf.layers.repeatVector({ n: 3 }),
      [2, 4],
    ],
    [
      'LeakyReLU',
      () => layers.leakyReLU({ alpha: 0.1 }),
      () => tf.layers.leakyReLU({ alpha: 0.1 }),
      [2, 6],
    ],
    ['ELU alpha 1', () => layers.elu(), () => tf.layers.elu({}), [2, 6]],
    [
      'ReLU maxValue',
      () => layers.reLU({ maxValue: 0.5 }),
      () => tf.layers.reLU({ maxValue: 0.5 }),
      [2, 6],
    ],
    ['Softmax', () => layers.softmax(), () => tf.layers.softmax({ axis: -1 }), [2, 5]],
    [
      'PReLU',
      () => layers.prelu({ alphaInitializer: 'ones' }),
      () => tf.layers.prelu({}),
      [2, 3, 4],
    ],
    [
      'PReLU shared axes',
      () => layers.prelu({ sharedAxes: [1], alphaInitializer: 'ones' }),
      () => tf.layers.prelu({ sharedAxes: [1] }),
      [2, 3, 4],
    ],
  ];
  for (const [name, ours, theirs, shape] of cases) {
    it(name, async () => {
      await expectSameAsTfjs(ours(), theirs(), shape);
    });
  }
});

describe('hand-worked values', () => {
  it('UpSampling1D repeats each step', () => {
    const y = layers.upSampling1d({ size: 2 }).apply(tensor([1, 2, 3, 4], [1, 2, 2]));
    expect(y.shape).toEqual([1, 4, 2]);
    expectClose(y, [1, 2, 1, 2, 3, 4, 3, 4]);
  });

  it('ReLU with threshold and negativeSlope (Keras): x >= t gives x, else slope·(x - t)', () => {
    const y = layers
      .reLU({ threshold: 1, negativeSlope: 0.5, maxValue: 3 })
      .apply(tensor([-1, 0.5, 1, 2, 5], [1, 5]));
    expectClose(y, [-1, -0.25, 1, 2, 3]);
  });

  // TF.js 4.22 implements neither of these two.
  it('ELU with alpha 0.5: alpha·(eˣ - 1) below zero', () => {
    const y = layers.elu({ alpha: 0.5 }).apply(tensor([-2, -0.5, 0, 1.5], [1, 4]));
    expectClose(y, [0.5 * Math.expm1(-2), 0.5 * Math.expm1(-0.5), 0, 1.5]);
  });

  it('Softmax along axis 1 of a rank-3 input', () => {
    const y = layers.softmax({ axis: 1 }).apply(tensor([0, 1, Math.log(3), 2], [1, 2, 2]));
    // Column 0 holds [0, ln 3]: [1/4, 3/4]; column 1 holds [1, 2]: [1/(1+e), e/(1+e)].
    const e = Math.E;
    expectClose(y, [0.25, 1 / (1 + e), 0.75, e / (1 + e)]);
  });

  it('Softmax along the last axis by default', () => {
    const y = layers.softmax().apply(tensor([0, Math.log(3)], [1, 2]));
    expectClose(y, [0.25, 0.75]);
  });

  it('PReLU learns one slope per unshared position', () => {
    const layer = layers.prelu({ sharedAxes: [1, 2], alphaInitializer: 'ones' });
    layer.apply(randomTensor([1, 3, 3, 2])).dispose();
    expect(layer.alpha!.shape).toEqual([1, 1, 2]);
  });
});

describe('gradients match finite differences', () => {
  it('Conv-free layers with respect to their input', () => {
    // Values kept 0.03 away from the kinks (0, ReLU's threshold 0.1 and cap 0.6), where central
    // differences with epsilon 0.01 would straddle two slopes.
    const kinks = [0, 0.1, 0.6];
    const nearKink = (v: number) => kinks.some((k) => Math.abs(v - k) < 0.03);
    const values = Array.from(randomTensor([2, 6, 3], 4).dataSync(), (v) => {
      let away = v;
      while (nearKink(away)) away += 0.031;
      return away;
    });
    const x = tensor(values, [2, 6, 3]);
    for (const layer of [
      layers.maxPooling1d({ poolSize: 2 }),
      layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same' }),
      layers.globalAveragePooling1d(),
      layers.globalMaxPooling1d(),
      layers.upSampling1d({ size: 2 }),
      layers.permute({ dims: [2, 1] }),
      layers.leakyReLU({ alpha: 0.2 }),
      layers.elu({ alpha: 0.7 }),
      layers.reLU({ maxValue: 0.6, threshold: 0.1, negativeSlope: 0.3 }),
      layers.softmax({ axis: 1 }),
    ]) {
      try {
        expectLayerGradients(layer, x, []);
      } catch (e) {
        throw new Error(`${layer.className}: ${(e as Error).message}`);
      }
    }
    expectLayerGradients(layers.repeatVector({ n: 2 }), randomTensor([2, 3], 5), []);
    expectLayerGradients(
      layers.cropping2D({ cropping: [1, 1] }),
      randomTensor([1, 4, 4, 2], 6),
      [],
    );
  });

  it('PReLU with respect to its input and slopes', () => {
    const layer = layers.prelu({ sharedAxes: [1], alphaInitializer: 'glorotUniform' });
    expectLayerGradients(layer, randomTensor([2, 3, 4], 8), ['alpha']);
  });

  it('Dropout with noiseShape and the spatial dropouts, mask held by the seed', () => {
    const x = randomTensor([2, 4, 3], 9);
    for (const layer of [
      layers.dropout({ rate: 0.4, noiseShape: [null, 1, null], seed: 3 }),
      layers.spatialDropout1d({ rate: 0.4, seed: 3 }),
    ]) {
      expectLayerGradients(layer, x, [], { context: training });
    }
    expectLayerGradients(
      layers.spatialDropout2d({ rate: 0.4, seed: 3 }),
      randomTensor([2, 2, 2, 3], 9),
      [],
      { context: training },
    );
  });
});

describe('dropout masks', () => {
  it('noiseShape [null, 1, null] drops the same features at every step', () => {
    const layer = layers.dropout({ rate: 0.5, noiseShape: [null, 1, null], seed: 1 });
    const x = tensor(new Float32Array(2 * 5 * 8).fill(1), [2, 5, 8]);
    const y = layer.apply(x, training).arraySync() as number[][][];
    for (const example of y) {
      for (const step of example) expect(step).toEqual(example[0]);
      // Kept features are scaled by 1 / (1 - rate).
      for (const v of example[0]!) expect([0, 2]).toContain(v);
    }
    expect(y.flat(2).some((v) => v === 0) && y.flat(2).some((v) => v === 2)).toBe(true);
  });

  it('SpatialDropout2D drops whole channels; inference passes through', () => {
    const layer = layers.spatialDropout2d({ rate: 0.5, seed: 2 });
    const x = tensor(new Float32Array(2 * 3 * 3 * 6).fill(1), [2, 3, 3, 6]);
    const y = layer.apply(x, training).arraySync() as number[][][][];
    for (const example of y) {
      const channels = example[0]![0]!;
      for (const row of example) for (const pixel of row) expect(pixel).toEqual(channels);
    }
    expectClose(layer.apply(x), x.dataSync());
  });

  it('leave no tensors behind', () => {
    const layer = layers.dropout({ rate: 0.3, noiseShape: [null, 1] });
    const x = randomTensor([4, 3]);
    layer.apply(x, training).dispose();
    const before = memory().numTensors;
    layer.apply(x, training).dispose();
    expect(memory().numTensors).toBe(before);
  });
});

describe('bad arguments are named', () => {
  it('in each layer', () => {
    expect(() =>
      layers.dropout({ rate: 0.5, noiseShape: [null, 2] }).apply(randomTensor([2, 3]), training),
    ).toThrow(/noiseShape \[null,2\] does not broadcast to the input \[2, 3\]/);
    expect(() => layers.permute({ dims: [1, 1] })).toThrow(/dims must be a permutation of 1..n/);
    expect(() => layers.permute({ dims: [2, 1] }).apply(randomTensor([1, 2, 3, 4]))).toThrow(
      /permute 2 axes: the input \(None, 2, 3, 4\) has 3 besides the batch/,
    );
    expect(() => layers.cropping2D({ cropping: 3 }).apply(randomTensor([1, 4, 8, 1]))).toThrow(
      /removes all 4 rows/,
    );
    expect(() => layers.repeatVector({ n: 0 })).toThrow(/n must be a positive integer, got 0/);
    expect(() => layers.leakyReLU({ alpha: -1 })).toThrow(/alpha must be a finite number >= 0/);
    expect(() => layers.prelu({ sharedAxes: [0] })).toThrow(/sharedAxes must be an axis >= 1/);
    expect(() => layers.softmax({ axis: 3 }).apply(randomTensor([2, 3]))).toThrow(
      /axis 3 is outside the input's axes/,
    );
    expect(() => layers.reLU({ maxvalue: 6 } as never)).toThrow(
      /unknown option 'maxvalue' \(did you mean 'maxValue'\?\)/,
    );
    expect(() => layers.spatialDropout1d({ rate: 0.5 }).apply(randomTensor([2, 3]))).toThrow(
      /expected rank 3 \(batch, steps, channels\)/,
    );
  });
});
