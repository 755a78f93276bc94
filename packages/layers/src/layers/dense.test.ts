import { memory, type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { initializers } from '../initializers/index';
import { regularizers } from '../regularizers/index';
import { Dense } from './dense';
import { dense } from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

/** x · kernel + bias by loops, over the last axis. */
function denseReference(x: Tensor, kernel: Tensor, bias: Tensor | undefined): number[] {
  const xs = x.dataSync();
  const k = kernel.dataSync();
  const b = bias?.dataSync();
  const [inputs, units] = kernel.shape as [number, number];
  const rows = xs.length / inputs;
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let u = 0; u < units; u++) {
      let s = b ? b[u]! : 0;
      for (let i = 0; i < inputs; i++) s += xs[r * inputs + i]! * k[i * units + u]!;
      out.push(s);
    }
  }
  return out;
}

describe('Dense', () => {
  it('computes activation(x · kernel + bias) with a [in, units] kernel and [units] bias', () => {
    const layer = dense({
      units: 2,
      activation: 'relu',
      kernelInitializer: initializers.constant({ value: 0.5 }),
      biasInitializer: initializers.constant({ value: -1 }),
    });
    const y = layer.apply(
      tensor([
        [1, 2, 3],
        [0, 1, 0],
      ]),
    );
    expect(layer.kernel!.shape).toEqual([3, 2]);
    expect(layer.bias!.shape).toEqual([2]);
    // row 1: 0.5·6 - 1 = 2; row 2: 0.5 - 1 = -0.5 -> relu 0
    expectClose(y, [2, 2, 0, 0]);
    expect(layer.weights.map((w) => w.originalName)).toEqual(['dense/kernel', 'dense/bias']);
    layer.dispose();
  });

  it('matches loops on random weights, and applies to the last axis of a rank-3 input', () => {
    const layer = new Dense({
      units: 4,
      kernelInitializer: initializers.randomNormal({ seed: 3, stddev: 1 }),
      biasInitializer: initializers.randomNormal({ seed: 4 }),
    });
    const x = randomTensor([2, 3, 5]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 3, 4]);
    expect(layer.computeOutputShape([null, 3, 5])).toEqual([null, 3, 4]);
    expectClose(y, denseReference(x, layer.kernel!, layer.bias), 1e-5);
    layer.dispose();
  });

  it('has no bias when useBias is false', () => {
    const layer = dense({ units: 3, useBias: false });
    layer.apply(randomTensor([2, 4])).dispose();
    expect(layer.bias).toBeUndefined();
    expect(layer.countParams()).toBe(12);
    layer.dispose();
  });

  it('gradients with respect to input, kernel and bias match central differences', () => {
    for (const activation of ['linear', 'tanh', 'softmax']) {
      const layer = dense({
        units: 3,
        activation,
        kernelInitializer: initializers.randomNormal({ seed: 5, stddev: 0.5 }),
        biasInitializer: initializers.randomNormal({ seed: 6, stddev: 0.5 }),
      });
      expectLayerGradients(layer, randomTensor([2, 4], 7), ['kernel', 'bias']);
      layer.dispose();
    }
  });

  it('gives the pre-activation output through applyLogits and names its activation', () => {
    const layer = dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: initializers.randomNormal({ seed: 1 }),
    });
    const x = randomTensor([2, 4]);
    const logits = layer.applyLogits(x);
    const probabilities = layer.apply(x);
    expect(layer.activationName).toBe('softmax');
    const l = logits.dataSync();
    const p = probabilities.dataSync();
    for (let r = 0; r < 2; r++) {
      const row = [0, 1, 2].map((j) => Math.exp(l[r * 3 + j]!));
      const total = row.reduce((a, b) => a + b, 0);
      expectClose(
        p.slice(r * 3, r * 3 + 3),
        row.map((v) => v / total),
      );
    }
    layer.dispose();
  });

  it('adds its regularizers to regularizationLoss', () => {
    const layer = dense({
      units: 2,
      kernelInitializer: 'ones',
      biasInitializer: initializers.constant({ value: 2 }),
      kernelRegularizer: regularizers.l2({ l2: 0.1 }),
      biasRegularizer: 'l1',
    });
    layer.apply(tensor([[1, 1, 1]])).dispose();
    // 0.1·(6 ones²) + 0.01·(2 + 2)
    expectClose(layer.regularizationLoss()!, [0.6 + 0.04]);
    layer.dispose();
  });

  it('leaks nothing: apply adds exactly its output to memory', () => {
    const layer = dense({ units: 3, activation: 'relu' });
    const x = randomTensor([4, 5]);
    layer.apply(x).dispose(); // builds
    const before = memory().numTensors;
    const y = layer.apply(x);
    expect(memory().numTensors).toBe(before + 1);
    y.dispose();
    const logits = layer.applyLogits(x);
    expect(memory().numTensors).toBe(before + 1);
    logits.dispose();
    expect(memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('rejects bad arguments and inputs, naming the layer', () => {
    expect(() => dense({ units: 0 })).toThrow(
      /Dense 'dense(_\d+)?': units must be a positive integer, got 0/,
    );
    expect(() => dense({ units: 2.5 })).toThrow(/units must be a positive integer/);
    expect(() => dense({ units: 2, activation: 'nope' })).toThrow(
      /Dense 'dense(_\d+)?': getActivation: unknown activation 'nope': expected one of linear, sigmoid, tanh, relu/,
    );
    expect(() => dense({ units: 2, kernelInitializer: 'nope' })).toThrow(
      /kernelInitializer: getInitializer: unknown initializer 'nope': expected one of zeros/,
    );
    expect(() => dense({ units: 2, kernelRegularizer: 'l3' })).toThrow(
      /kernelRegularizer: getRegularizer: unknown regularizer 'l3'/,
    );
    const layer = dense({ units: 2, name: 'classifier' });
    layer.apply(randomTensor([1, 4])).dispose();
    expect(() => layer.apply(randomTensor([1, 5]))).toThrow(
      "Dense 'classifier': input has shape [1,5]: expected (None, 4)",
    );
    expect(() => dense({ units: 1 }).build([null])).toThrow(
      /input shape \(None,\) has rank 1: expected rank 2/,
    );
    expect(() => dense({ units: 1 }).build([null, null])).toThrow(
      /last dimension \(axis 1\) must be known/,
    );
    layer.dispose();
  });
});
