import { memory, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../engine/naming';
import { flatten, reshape, upSampling2d, zeroPadding2d } from './index';
import { expectClose, expectLayerGradients, randomTensor, useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

describe('Flatten', () => {
  it('flattens each example, keeping the batch', () => {
    const layer = flatten();
    const x = randomTensor([2, 3, 2, 2]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 12]);
    expectClose(y, x.dataSync());
    expect(layer.computeOutputShape([null, 3, 3, 64])).toEqual([null, 576]);
    expectLayerGradients(flatten(), randomTensor([2, 2, 3]), []);
  });

  it('needs every non-batch dimension known', () => {
    expect(() => flatten().computeOutputShape([null, null, 3])).toThrow(
      "Flatten 'flatten': input shape (None, None, 3): every dimension but the batch must be known to flatten",
    );
  });
});

describe('Reshape', () => {
  it('reshapes each example, inferring one -1 dimension', () => {
    const layer = reshape({ targetShape: [2, -1] });
    const x = randomTensor([3, 6]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([3, 2, 3]);
    expectClose(y, x.dataSync());
    expect(layer.computeOutputShape([null, 6])).toEqual([null, 2, 3]);
    expect(layer.computeOutputShape([null, null])).toEqual([null, 2, null]);
    expect(layer.targetShape).toEqual([2, null]);
    expectLayerGradients(reshape({ targetShape: [4] }), randomTensor([2, 2, 2]), []);
  });

  it('rejects targets that do not fit', () => {
    expect(() => reshape({ targetShape: [5, -1] }).computeOutputShape([null, 12])).toThrow(
      "Reshape 'reshape': cannot reshape input (None, 12) (12 values per example) to targetShape (5, None): 12 is not a multiple of 5",
    );
    expect(() => reshape({ targetShape: [5] }).apply(randomTensor([1, 4]))).toThrow(
      /cannot reshape input \(None, 4\) \(4 values per example\) to targetShape \(5,\) \(5 values\)/,
    );
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(
      /targetShape \[-1,-1\] must be positive integers, with at most one -1/,
    );
    expect(() => reshape({ targetShape: [0] })).toThrow(/must be positive integers/);
  });
});

describe('UpSampling2D', () => {
  it('repeats rows and columns (nearest neighbour)', () => {
    const layer = upSampling2d({ size: [2, 3] });
    const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([1, 4, 6, 1]);
    expectClose(y, [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4]);
    expect(upSampling2d().computeOutputShape([null, 7, null, 8])).toEqual([null, 14, null, 8]);
  });

  it('matches loops on several channels, and its gradient', () => {
    const x = randomTensor([2, 3, 2, 3]);
    const v = x.dataSync();
    const expected: number[] = [];
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 4; j++)
          for (let c = 0; c < 3; c++)
            expected.push(v[((b * 3 + Math.floor(i / 2)) * 2 + Math.floor(j / 2)) * 3 + c]!);
    const layer = upSampling2d();
    expectClose(layer.apply(x), expected);
    expectLayerGradients(layer, x, []);
  });

  it('supports only nearest', () => {
    expect(() => upSampling2d({ interpolation: 'bilinear' as 'nearest' })).toThrow(
      /interpolation "bilinear" is not supported: expected 'nearest'/,
    );
  });
});

describe('ZeroPadding2D', () => {
  it('pads height and width with zeros', () => {
    const layer = zeroPadding2d({
      padding: [
        [1, 0],
        [0, 2],
      ],
    });
    const y = layer.apply(tensor([1, 2, 3, 4], [1, 2, 2, 1]));
    expect(y.shape).toEqual([1, 3, 4, 1]);
    expectClose(y, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
    expect(zeroPadding2d().computeOutputShape([null, 28, 28, 1])).toEqual([null, 30, 30, 1]);
    expect(zeroPadding2d({ padding: [1, 2] }).padding).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expectLayerGradients(
      zeroPadding2d({
        padding: [
          [1, 0],
          [0, 2],
        ],
      }),
      randomTensor([1, 2, 3, 2]),
      [],
    );
  });

  it('rejects bad padding', () => {
    expect(() => zeroPadding2d({ padding: -1 })).toThrow(
      /ZeroPadding2D 'zero_padding2d': padding -1 must be a non-negative integer/,
    );
  });
});

it('shape layers leak nothing', () => {
  const x = randomTensor([2, 4, 4, 2]);
  const layers = [flatten(), reshape({ targetShape: [-1, 2] }), upSampling2d(), zeroPadding2d()];
  for (const l of layers) l.apply(x).dispose();
  const before = memory().numTensors;
  for (const l of layers) l.apply(x).dispose();
  expect(memory().numTensors).toBe(before);
});
