import { memory, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Conv1D } from './conv1d';
import { DepthwiseConv2D, SeparableConv2D } from './depthwise-conv2d';
import { conv1d, depthwiseConv2d, separableConv2d } from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';
import { itMatchesTfjs } from './tfjs-oracle';

beforeAll(useCpu);

describe('Conv1D', () => {
  itMatchesTfjs(
    conv1d,
    tf.layers.conv1d,
    [2, 7, 3],
    [
      { filters: 3, kernelSize: 3 },
      { filters: 2, kernelSize: 2, strides: 2, padding: 'same' },
      { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same' },
      { filters: 2, kernelSize: 3, activation: 'relu' },
    ],
  );

  it('computes a hand-worked causal convolution', () => {
    // kernel [2, 1, 1] = [1, 10]: y[t] = x[t-1] + 10·x[t], with x[-1] = 0.
    const layer = conv1d({ filters: 1, kernelSize: 2, padding: 'causal', useBias: false });
    const x = tensor([1, 2, 3, 4], [1, 4, 1]);
    layer.apply(x).dispose();
    const kernel = tensor([1, 10], [2, 1, 1]);
    layer.setWeights([kernel]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 4, 1]);
    expectClose(y, [10, 21, 32, 43]);
    for (const t of [x, kernel, y]) t.dispose();
  });

  it('has gradients that match finite differences', () => {
    const layer = new Conv1D({ filters: 2, kernelSize: 3, padding: 'causal', activation: 'tanh' });
    expectLayerGradients(layer, randomTensor([2, 5, 2], 3), ['kernel', 'bias']);
  });

  it('rejects bad arguments and inputs, naming the layer', () => {
    expect(() => conv1d({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(
      /Conv1D 'conv1d\w*': padding must be 'valid' or 'same' or 'causal', got "full"/,
    );
    expect(() => conv1d({ filters: 2, kernelSize: 3, stride: 2 } as never)).toThrow(
      /unknown option 'stride' \(did you mean 'strides'\?\)/,
    );
    const layer = conv1d({ filters: 2, kernelSize: 3 });
    expect(() => layer.apply(randomTensor([2, 4, 4, 1]))).toThrow(/expected rank 3/);
    const before = memory().numTensors;
    expect(() => conv1d({ filters: 2, kernelSize: 5 }).apply(randomTensor([1, 3, 1]))).toThrow(
      /input of 3 steps is shorter than the kernel/,
    );
    expect(memory().numTensors).toBeLessThanOrEqual(before + 1);
  });
});

describe('DepthwiseConv2D', () => {
  itMatchesTfjs(
    depthwiseConv2d,
    tf.layers.depthwiseConv2d,
    [2, 6, 5, 3],
    [
      { kernelSize: 3 },
      { kernelSize: 2, depthMultiplier: 2, strides: 2, padding: 'same' },
      { kernelSize: 2, activation: 'relu' },
    ],
  );

  it('matches the TF.js op with dilations (the TF.js 4.22 layer ignores dilationRate)', async () => {
    await tf.setBackend('cpu');
    const layer = depthwiseConv2d({ kernelSize: 2, dilationRate: 2, depthMultiplier: 2 });
    const x = randomTensor([2, 6, 5, 3], 11);
    const y = layer.apply(x);
    const kernel = layer.depthwiseKernel!;
    const theirs = tf.tidy(() =>
      tf
        .depthwiseConv2d(
          tf.tensor4d(x.dataSync(), [2, 6, 5, 3]),
          tf.tensor4d(kernel.dataSync(), [2, 2, 3, 2]),
          1,
          'valid',
          'NHWC',
          2,
        )
        .dataSync(),
    );
    expect(y.shape).toEqual([2, 4, 3, 6]);
    expectClose(y, theirs);
    x.dispose();
    y.dispose();
  });

  it('has gradients that match finite differences', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 2, depthMultiplier: 2 });
    expectLayerGradients(layer, randomTensor([1, 4, 4, 2], 5), ['depthwiseKernel', 'bias']);
  });

  it('has C·m output channels and (kh·kw + 1)·C·m weights', () => {
    const layer = depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 });
    expect(layer.computeOutputShape([null, 8, 8, 3])).toEqual([null, 6, 6, 6]);
    layer.apply(randomTensor([1, 8, 8, 3])).dispose();
    expect(layer.countParams()).toBe((9 + 1) * 6);
  });
});

describe('SeparableConv2D', () => {
  itMatchesTfjs(
    separableConv2d,
    tf.layers.separableConv2d,
    [2, 6, 6, 3],
    [
      { filters: 4, kernelSize: 3 },
      { filters: 2, kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu' },
      { filters: 3, kernelSize: 2, strides: 2, useBias: false },
    ],
  );

  it('has gradients that match finite differences', () => {
    const layer = new SeparableConv2D({ filters: 2, kernelSize: 2, activation: 'sigmoid' });
    expectLayerGradients(layer, randomTensor([1, 4, 3, 2], 9), [
      'depthwiseKernel',
      'pointwiseKernel',
      'bias',
    ]);
  });

  it('rejects strides and dilations both above 1', () => {
    expect(() =>
      separableConv2d({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }),
    ).toThrow(/strides \[2, 2\] and dilationRate \[2, 2\] are both > 1/);
  });
});
