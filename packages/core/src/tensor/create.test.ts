import { describe, expect, it } from 'vitest';
import '../composites/index';
import { memory } from '../engine/engine';
import { DTypeError, ShapeError, ValueError } from '../errors';
import { randomNormal, randomUniform, truncatedNormal } from '../random/random';
import { useHostBackend } from '../test-support/host-backend';
import { eye, fill, linspace, ones, range, scalar, tensor, zeros, zerosLike } from './create';

describe('tensor creation', () => {
  useHostBackend('host');

  it('infers shape and dtype from nested arrays', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect([t.shape, t.dtype, t.size, t.rank]).toEqual([[2, 3], 'float32', 6, 2]);
    expect(t.arraySync()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([true, false]);
    expect([b.dtype, b.arraySync()]).toEqual(['bool', [true, false]]);
    const s = scalar(3, 'int32');
    expect([s.shape, s.arraySync()]).toEqual([[], 3]);
    const i = tensor(new Int32Array([1, 2, 3, 4]), [2, 2]);
    expect([i.dtype, i.arraySync()]).toEqual([
      'int32',
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(tensor([], [0, 3]).shape).toEqual([0, 3]);
  });

  it('coerces values into the dtype: int32 truncates, bool is nonzero (NaN is true, as NumPy and TF.js)', () => {
    expect(tensor([1.9, -1.9, 0], undefined, 'int32').dataSync()).toEqual(
      new Int32Array([1, -1, 0]),
    );
    expect(tensor([2, 0, Number.NaN], undefined, 'bool').dataSync()).toEqual(
      new Uint8Array([1, 0, 1]),
    );
  });

  it('dataSync and data return copies, so writing to them cannot corrupt the tensor', async () => {
    const t = tensor([1, 2]);
    t.dataSync()[0] = 99;
    (await t.data())[1] = 99;
    expect(t.dataSync()).toEqual(new Float32Array([1, 2]));
    expect(await t.array()).toEqual([1, 2]);
  });

  it('rejects ragged arrays, wrong sizes, bad shapes and bad values with messages that say what was expected', () => {
    const before = memory().numTensors;
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array at values[1]: expected length 2, got 1 (inferred shape [2,2])',
    );
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(
      'tensor: 3 values do not fill shape [2,2] (size 4)',
    );
    expect(() => zeros([2, -1])).toThrow(
      'zeros: shape [2,-1] has an invalid dimension -1: expected non-negative integers',
    );
    expect(() => tensor([1, 'a' as never])).toThrow(ValueError);
    expect(() => tensor([1], undefined, 'float64' as never)).toThrow(DTypeError);
    expect(() => eye(2, 2, 'float64' as never)).toThrow(DTypeError);
    expect(memory().numTensors).toBe(before);
  });

  it('creates zeros, ones, fill, range, linspace, eye and *Like', () => {
    expect(zeros([2]).dataSync()).toEqual(new Float32Array([0, 0]));
    expect(ones([2], 'int32').dataSync()).toEqual(new Int32Array([1, 1]));
    expect(fill([2], true).dtype).toBe('bool');
    expect(range(5).dataSync()).toEqual(new Float32Array([0, 1, 2, 3, 4]));
    expect(range(1, 2, 0.25).dataSync()).toEqual(new Float32Array([1, 1.25, 1.5, 1.75]));
    expect(range(5, 0, -2, 'int32').dataSync()).toEqual(new Int32Array([5, 3, 1]));
    expect(() => range(0, 1, 0)).toThrow('range: step must not be 0');
    expect(linspace(0, 1, 5).dataSync()).toEqual(new Float32Array([0, 0.25, 0.5, 0.75, 1]));
    expect(eye(2, 3).arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const z = zerosLike(tensor([[1, 2]], undefined, 'int32'));
    expect([z.shape, z.dtype]).toEqual([[1, 2], 'int32']);
  });

  it('seeded random generators repeat for a seed and differ across seeds', () => {
    const a = randomUniform([100], -1, 1, 'float32', 7).dataSync();
    const b = randomUniform([100], -1, 1, 'float32', 7).dataSync();
    const c = randomUniform([100], -1, 1, 'float32', 8).dataSync();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Array.from(a).every((v) => v >= -1 && v < 1)).toBe(true);
  });

  it('random distributions have the right moments (n = 20000, 5 sigma bounds)', () => {
    const n = 20000;
    const stats = (values: ArrayLike<number>) => {
      const v = Array.from(values);
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
      return { mean, variance };
    };
    const u = stats(randomUniform([n], 0, 1, 'float32', 1).dataSync());
    expect(Math.abs(u.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(u.variance - 1 / 12)).toBeLessThan(0.005);
    const g = stats(randomNormal([n], 3, 2, 'float32', 2).dataSync());
    expect(Math.abs(g.mean - 3)).toBeLessThan(5 * (2 / Math.sqrt(n)));
    expect(Math.abs(g.variance - 4)).toBeLessThan(0.25);
    const tv = truncatedNormal([n], 0, 1, 'float32', 3).dataSync();
    expect(Array.from(tv).every((v) => Math.abs(v) <= 2)).toBe(true);
    // variance of a standard normal truncated to [-2, 2] is 0.7737
    expect(Math.abs(stats(tv).variance - 0.7737)).toBeLessThan(0.03);
  });

  it('toString renders values and elides long dimensions', () => {
    expect(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        undefined,
        'int32',
      ).toString(true),
    ).toBe('Tensor(shape=[2,2], dtype=int32)\n  [[1, 2],\n   [3, 4]]');
    expect(range(10, undefined, 1, 'int32').toString()).toBe('Tensor\n  [0, 1, 2, ..., 7, 8, 9]');
    expect(tensor([true]).toString()).toBe('Tensor\n  [true]');
  });
});
