import { memory } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { initializers } from '../initializers/index';
import { conv2d, conv2dTranspose } from './index';
import { conv2dReference, conv2dTransposeReference } from './reference';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const seeded = (seed: number) => initializers.randomNormal({ seed, stddev: 0.5 });

describe('Conv2D', () => {
  const cases = [
    { kernelSize: 3, strides: 1, padding: 'valid', dilationRate: 1 },
    { kernelSize: 3, strides: 2, padding: 'same', dilationRate: 1 },
    { kernelSize: [2, 3], strides: [2, 1], padding: 'valid', dilationRate: 1 },
    { kernelSize: 2, strides: 1, padding: 'same', dilationRate: 2 },
  ] as const;
  for (const c of cases) {
    it(`matches loops: kernel ${JSON.stringify(c.kernelSize)}, strides ${JSON.stringify(c.strides)}, ${c.padding}, dilation ${c.dilationRate}`, () => {
      const layer = conv2d({
        filters: 3,
        ...c,
        kernelSize: c.kernelSize as number | [number, number],
        strides: c.strides as number | [number, number],
        kernelInitializer: seeded(1),
        biasInitializer: seeded(2),
      });
      const x = randomTensor([2, 7, 6, 2]);
      const y = layer.apply(x);
      const ks =
        typeof c.kernelSize === 'number' ? [c.kernelSize, c.kernelSize] : [...c.kernelSize];
      expect(layer.kernel!.shape).toEqual([...ks, 2, 3]);
      const st = (typeof c.strides === 'number' ? [c.strides, c.strides] : [...c.strides]) as [
        number,
        number,
      ];
      const ref = conv2dReference(
        x.dataSync(),
        x.shape as number[],
        layer.kernel!.dataSync(),
        layer.kernel!.shape as number[],
        { strides: st, padding: c.padding, dilation: [c.dilationRate, c.dilationRate] },
      );
      const bias = layer.bias!.dataSync();
      expect(y.shape).toEqual(ref.shape);
      expect(layer.computeOutputShape([null, 7, 6, 2])).toEqual([null, ...ref.shape.slice(1)]);
      expectClose(
        y,
        ref.values.map((v, i) => v + bias[i % 3]!),
        1e-4,
      );
      layer.dispose();
    });
  }

  it('applies its activation, and applyLogits skips it', () => {
    const layer = conv2d({
      filters: 2,
      kernelSize: 2,
      activation: 'relu',
      kernelInitializer: seeded(3),
    });
    const x = randomTensor([1, 3, 3, 1]);
    const logits = layer.applyLogits(x).dataSync();
    expect(layer.activationName).toBe('relu');
    expectClose(
      layer.apply(x),
      Array.from(logits, (v) => Math.max(v, 0)),
    );
    layer.dispose();
  });

  it('gradients with respect to input, kernel and bias match central differences', () => {
    const layer = conv2d({
      filters: 2,
      kernelSize: 2,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: seeded(4),
      biasInitializer: seeded(5),
    });
    expectLayerGradients(layer, randomTensor([1, 5, 4, 2], 3), ['kernel', 'bias']);
    layer.dispose();
  });

  it('leaks nothing', () => {
    const layer = conv2d({ filters: 2, kernelSize: 3, activation: 'relu' });
    const x = randomTensor([2, 5, 5, 1]);
    layer.apply(x).dispose();
    const before = memory().numTensors;
    layer.apply(x).dispose();
    layer.applyLogits(x).dispose();
    expect(memory().numTensors).toBe(before);
    layer.dispose();
  });

  it('rejects bad arguments and inputs', () => {
    expect(() => conv2d({ filters: 0, kernelSize: 3 })).toThrow(
      /Conv2D 'conv2d(_\d+)?': filters must be a positive integer, got 0/,
    );
    expect(() => conv2d({ filters: 1, kernelSize: [3] as never })).toThrow(
      /kernelSize must be a positive integer or a pair of them, got \[3\]/,
    );
    expect(() => conv2d({ filters: 1, kernelSize: 3, padding: 'full' as 'same' })).toThrow(
      /padding must be 'valid' or 'same', got "full"/,
    );
    expect(() => conv2d({ filters: 1, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(
      /strides \[2, 2\] and dilationRate \[2, 2\] are both > 1/,
    );
    expect(() =>
      conv2d({ filters: 1, kernelSize: 3, dataFormat: 'channelsFirst' as 'channelsLast' }),
    ).toThrow(/dataFormat "channelsFirst" is not supported/);
    const layer = conv2d({ filters: 1, kernelSize: 3, name: 'c' });
    expect(() => layer.apply(randomTensor([2, 5, 5]))).toThrow(
      "Conv2D 'c': input shape (None, 5, 5) has rank 3: expected rank 4 (batch, height, width, channels)",
    );
    expect(() => layer.computeOutputShape([null, 2, 2, 1])).toThrow(
      /input \(2, 2\) is smaller than the kernel/,
    );
    layer.apply(randomTensor([1, 5, 5, 1])).dispose();
    expect(() => layer.apply(randomTensor([1, 5, 5, 2]))).toThrow(
      "Conv2D 'c': input has shape [1,5,5,2]: expected (None, 5, 5, 1)",
    );
    layer.dispose();
  });
});

describe('Conv2DTranspose', () => {
  const cases = [
    { kernelSize: 3, strides: 1, padding: 'valid' },
    { kernelSize: 3, strides: 2, padding: 'same' },
    { kernelSize: 2, strides: 2, padding: 'valid' },
    { kernelSize: 1, strides: 2, padding: 'valid' },
    { kernelSize: 4, strides: 3, padding: 'same' },
  ] as const;
  for (const c of cases) {
    it(`matches scatter loops: kernel ${c.kernelSize}, strides ${c.strides}, ${c.padding}`, () => {
      const layer = conv2dTranspose({
        filters: 2,
        ...c,
        kernelInitializer: seeded(6),
        biasInitializer: seeded(7),
      });
      const x = randomTensor([2, 3, 4, 3]);
      const y = layer.apply(x);
      expect(layer.kernel!.shape).toEqual([c.kernelSize, c.kernelSize, 2, 3]);
      const s = c.strides;
      const ref = conv2dTransposeReference(
        x.dataSync(),
        [2, 3, 4, 3],
        layer.kernel!.dataSync(),
        layer.kernel!.shape as number[],
        { strides: [s, s], padding: c.padding },
      );
      expect(y.shape).toEqual(ref.shape);
      expect(layer.computeOutputShape([null, 3, 4, 3])).toEqual([null, ...ref.shape.slice(1)]);
      const bias = layer.bias!.dataSync();
      expectClose(
        y,
        ref.values.map((v, i) => v + bias[i % 2]!),
        1e-4,
      );
      layer.dispose();
    });
  }

  it('gradients with respect to input, kernel and bias match central differences', () => {
    const layer = conv2dTranspose({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'sigmoid',
      kernelInitializer: seeded(8),
      biasInitializer: seeded(9),
    });
    expectLayerGradients(layer, randomTensor([1, 2, 3, 2], 4), ['kernel', 'bias']);
    layer.dispose();
  });

  it('rejects dilation, as TF.js', () => {
    expect(() => conv2dTranspose({ filters: 1, kernelSize: 3, dilationRate: 2 })).toThrow(
      /dilationRate 2 is not supported/,
    );
  });
});
