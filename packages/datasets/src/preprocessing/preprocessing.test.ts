import '@glia/backend-cpu';
import { memory, ready, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toOneHot } from './one-hot';
import { featureStats, scaleToUnitRange, standardize } from './scale';
import { trainValidationSplit } from './split';

beforeAll(async () => {
  await ready();
});

function take(t: Tensor): unknown {
  const v = t.arraySync();
  t.dispose();
  return v;
}

describe('scaling', () => {
  it('scaleToUnitRange maps each feature onto [0,1]; a constant feature to 0', () => {
    const x = tensor([
      [1, 10, 7],
      [3, 30, 7],
      [2, 20, 7],
    ]);
    const before = memory().numTensors;
    expect(take(scaleToUnitRange(x))).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0.5, 0.5, 0],
    ]);
    expect(memory().numTensors).toBe(before);
    x.dispose();
  });

  it('scaleToUnitRange with fixed bounds (pixels) or over the whole tensor; int32 input', () => {
    const pixels = tensor([0, 51, 255], [3], 'int32');
    expect(take(scaleToUnitRange(pixels, { min: 0, max: 255 }))).toEqual([0, Math.fround(0.2), 1]);
    const m = tensor([
      [0, 2],
      [4, 8],
    ]);
    expect(take(scaleToUnitRange(m, { axis: null }))).toEqual([
      [0, 0.25],
      [0.5, 1],
    ]);
    pixels.dispose();
    m.dispose();
  });

  it('standardize gives each feature mean 0 and std 1; statistics from one set apply to another', () => {
    const train = tensor([
      [1, 10],
      [3, 30],
    ]);
    expect(take(standardize(train))).toEqual([
      [-1, -1],
      [1, 1],
    ]);
    const stats = featureStats(train);
    expect(take(stats.min)).toEqual([[1, 10]]);
    expect(take(stats.max)).toEqual([[3, 30]]);
    const test = tensor([[5, 20]]);
    expect(take(standardize(test, stats))).toEqual([[3, 0]]);
    expect(take(scaleToUnitRange(test, { min: 0, max: 10 }))).toEqual([[0.5, 2]]);
    stats.mean.dispose();
    stats.std.dispose();
    train.dispose();
    test.dispose();
  });
});

describe('toOneHot', () => {
  it('turns class indices into float32 rows', () => {
    const t = toOneHot(tensor([2, 0], [2], 'int32'), 3);
    expect(t.dtype).toBe('float32');
    expect(take(t)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(take(toOneHot([1], 2))).toEqual([[0, 1]]);
  });

  it('names a label outside the classes', () => {
    expect(() => toOneHot([0, 3], 3)).toThrow(
      'toOneHot: label 1 is 3: expected an integer class in 0..2',
    );
    expect(() => toOneHot([0.5], 3)).toThrow('toOneHot: label 0 is 0.5');
    const before = memory().numTensors;
    expect(() => toOneHot([7], 3)).toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

describe('trainValidationSplit', () => {
  const n = 10;
  const xs = () =>
    tensor(
      Array.from({ length: n * 2 }, (_, i) => i),
      [n, 2],
    );
  const ys = () =>
    tensor(
      Array.from({ length: n }, (_, i) => i),
      [n],
      'int32',
    );

  it('splits rows of every tensor alike, by a seeded permutation', () => {
    const x = xs();
    const y = ys();
    const a = trainValidationSplit({ xs: x, ys: y }, { validationFraction: 0.3, seed: 4 });
    const b = trainValidationSplit({ xs: x, ys: y }, { validationFraction: 0.3, seed: 4 });
    expect(a.train.xs.shape).toEqual([7, 2]);
    expect(a.validation.ys.shape).toEqual([3]);
    const trainYs = Array.from(a.train.ys.dataSync());
    const validYs = Array.from(a.validation.ys.dataSync());
    // the same rows of xs and ys travel together
    expect(Array.from(a.train.xs.dataSync())).toEqual(trainYs.flatMap((i) => [2 * i, 2 * i + 1]));
    expect([...trainYs, ...validYs].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(trainYs).not.toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(b.train.ys.dataSync())).toEqual(trainYs);
    for (const s of [a, b])
      for (const t of [s.train.xs, s.train.ys, s.validation.xs, s.validation.ys]) t.dispose();
    x.dispose();
    y.dispose();
  });

  it('without shuffling holds out the last rows, as Keras does; leaks nothing', () => {
    const y = ys();
    const before = memory().numTensors;
    const { train, validation } = trainValidationSplit(y, {
      validationFraction: 0.2,
      shuffle: false,
    });
    expect(take(train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(take(validation)).toEqual([8, 9]);
    expect(memory().numTensors).toBe(before);
    y.dispose();
  });

  it('rejects mismatched lengths and fractions that leave a side empty', () => {
    const x = xs();
    const short = tensor([1, 2]);
    expect(() => trainValidationSplit({ xs: x, ys: short })).toThrow(
      "trainValidationSplit: 'ys' has shape [2], 'xs' has [10,2]: expected the same number of examples",
    );
    expect(() => trainValidationSplit(x, { validationFraction: 1 })).toThrow(
      'validationFraction must be in (0, 1), got 1',
    );
    expect(() => trainValidationSplit(x, { validationFraction: 0.01 })).toThrow(
      'leave no validation examples',
    );
    x.dispose();
    short.dispose();
  });
});
