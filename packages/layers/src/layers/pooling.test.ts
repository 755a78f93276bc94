import { memory, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import {
  averagePooling2d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  maxPooling2d,
} from './index';
import { poolReference } from './reference';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

describe('MaxPooling2D and AveragePooling2D', () => {
  it('default to 2x2 windows with strides 2', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
    expectClose(maxPooling2d().apply(x), [6, 8, 14, 16]);
    expectClose(averagePooling2d().apply(x), [3.5, 5.5, 11.5, 13.5]);
  });

  const cases = [
    { poolSize: 2, strides: undefined, padding: 'valid' },
    { poolSize: 3, strides: 2, padding: 'same' },
    { poolSize: [2, 3], strides: 1, padding: 'valid' },
    { poolSize: 2, strides: 3, padding: 'same' },
  ] as const;
  for (const c of cases) {
    for (const kind of ['max', 'avg'] as const) {
      it(`${kind} pooling matches loops: ${JSON.stringify(c)}`, () => {
        const args = {
          poolSize: c.poolSize as number | [number, number],
          strides: c.strides as number | undefined,
          padding: c.padding,
        };
        const layer = kind === 'max' ? maxPooling2d(args) : averagePooling2d(args);
        const x = randomTensor([2, 7, 5, 3]);
        const pool = (
          typeof c.poolSize === 'number' ? [c.poolSize, c.poolSize] : [...c.poolSize]
        ) as [number, number];
        const s = c.strides ?? c.poolSize;
        const strides = (typeof s === 'number' ? [s, s] : [...s]) as [number, number];
        const ref = poolReference(
          x.dataSync(),
          [2, 7, 5, 3],
          pool,
          { strides, padding: c.padding },
          kind,
        );
        const y = layer.apply(x);
        expect(y.shape).toEqual(ref.shape);
        expect(layer.computeOutputShape([null, 7, 5, 3])).toEqual([null, ...ref.shape.slice(1)]);
        expectClose(y, ref.values);
      });
    }
  }

  it('gradients match central differences', () => {
    // Distinct values, so each window's maximum is unique and max pooling is differentiable there.
    const x = tensor(
      Array.from({ length: 36 }, (_, i) => ((i * 7) % 36) / 10),
      [1, 4, 3, 3],
    );
    expectLayerGradients(maxPooling2d({ poolSize: 2, strides: 1 }), x, []);
    expectLayerGradients(averagePooling2d({ poolSize: 2, padding: 'same' }), x, []);
  });

  it('rejects bad arguments and inputs', () => {
    expect(() => maxPooling2d({ poolSize: 0 })).toThrow(
      /MaxPooling2D 'max_pooling2d': poolSize must be a positive integer or a pair of them, got 0/,
    );
    expect(() => averagePooling2d({ strides: -1 })).toThrow(
      /AveragePooling2D 'average_pooling2d': strides must be/,
    );
    expect(() => maxPooling2d({ name: 'p' }).apply(randomTensor([2, 4]))).toThrow(
      "MaxPooling2D 'p': input shape (None, 4) has rank 2: expected rank 4",
    );
    expect(() => maxPooling2d({ poolSize: 3 }).computeOutputShape([null, 2, 2, 1])).toThrow(
      /input \(2, 2\) is smaller than poolSize \[3, 3\]/,
    );
  });
});

describe('GlobalAveragePooling2D and GlobalMaxPooling2D', () => {
  it('reduce height and width to [batch, channels]', () => {
    const x = randomTensor([2, 3, 4, 5]);
    const v = x.dataSync();
    const mean: number[] = [];
    const max: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let c = 0; c < 5; c++) {
        const cells = Array.from({ length: 12 }, (_, p) => v[(b * 12 + p) * 5 + c]!);
        mean.push(cells.reduce((a, z) => a + z, 0) / 12);
        max.push(Math.max(...cells));
      }
    const avgLayer = globalAveragePooling2d();
    const maxLayer = globalMaxPooling2d();
    expect(avgLayer.computeOutputShape([null, 3, 4, 5])).toEqual([null, 5]);
    expectClose(avgLayer.apply(x), mean);
    expectClose(maxLayer.apply(x), max);
    expectLayerGradients(avgLayer, x, []);
    // Well-separated values, so each maximum stays the maximum within the finite-difference step.
    const separated = tensor(
      Array.from({ length: 120 }, (_, i) => ((i * 37) % 120) / 10),
      [2, 3, 4, 5],
    );
    expectLayerGradients(globalMaxPooling2d(), separated, []);
    expect(() => globalMaxPooling2d().apply(randomTensor([2, 3, 4]))).toThrow(
      /GlobalMaxPooling2D 'global_max_pooling2d(_\d+)?': input shape \(None, 3, 4\) has rank 3: expected rank 4/,
    );
  });

  it('leak nothing', () => {
    const x = randomTensor([2, 4, 4, 3]);
    const layers = [
      maxPooling2d(),
      averagePooling2d(),
      globalAveragePooling2d(),
      globalMaxPooling2d(),
    ];
    for (const l of layers) l.apply(x).dispose();
    const before = memory().numTensors;
    for (const l of layers) l.apply(x).dispose();
    expect(memory().numTensors).toBe(before);
  });
});
