/** Creation functions, seeded random tensors, reading values back, clone and dispose. */
import * as g from '@glia/core';
import { expect } from 'vitest';
import { expectTensor, withAllValues, withValues } from '../assert';
import type { Harness } from '../harness';

function stats(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max };
}

export function defineCreationCases(h: Harness): void {
  h.family('creation', () => {
    h.group('from values', () => {
      h.test('tensor from nested arrays is float32 with the inferred shape', () => {
        expectTensor(
          g.tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          { shape: [2, 3], dtype: 'float32', values: [1, 2, 3, 4, 5, 6] },
        );
      });
      h.test('tensor from a flat array with a shape and dtype', () => {
        expectTensor(g.tensor([1, 2, 3, 4], [2, 2], 'int32'), {
          shape: [2, 2],
          dtype: 'int32',
          values: [1, 2, 3, 4],
        });
      });
      h.test('tensor from booleans is bool; from typed arrays takes their dtype', () => {
        expectTensor(g.tensor([true, false]), { shape: [2], dtype: 'bool', values: [true, false] });
        expectTensor(g.tensor(new Int32Array([5, -6])), {
          shape: [2],
          dtype: 'int32',
          values: [5, -6],
        });
        expectTensor(g.tensor(new Uint8Array([1, 0, 1])), {
          shape: [3],
          dtype: 'bool',
          values: [true, false, true],
        });
      });
      h.test('float32 storage rounds to single precision; int32 keeps the full range', () => {
        expectTensor(g.tensor([0.1, 16777217, 1e-45]), {
          shape: [3],
          dtype: 'float32',
          values: [Math.fround(0.1), 16777216, Math.fround(1e-45)],
        });
        expectTensor(g.tensor([2147483647, -2147483648], [2], 'int32'), {
          shape: [2],
          dtype: 'int32',
          values: [2147483647, -2147483648],
        });
      });
      h.test('NaN and ±Infinity round-trip through storage', () => {
        expectTensor(
          g.tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]),
          {
            shape: [4],
            values: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0],
          },
        );
      });
      h.test('scalar, and size-0 tensors of every dtype', () => {
        expectTensor(g.scalar(3.5), { shape: [], dtype: 'float32', values: [3.5] });
        expectTensor(g.scalar(7, 'int32'), { shape: [], dtype: 'int32', values: [7] });
        expectTensor(g.tensor([], [0, 3], 'int32'), { shape: [0, 3], dtype: 'int32', values: [] });
        expectTensor(g.zeros([2, 0], 'bool'), { shape: [2, 0], dtype: 'bool', values: [] });
      });
      h.test('a rank-6 tensor round-trips', () => {
        const values = Array.from({ length: 64 }, (_, i) => i - 32);
        expectTensor(g.tensor(values, [2, 2, 2, 2, 2, 2], 'int32'), {
          shape: [2, 2, 2, 2, 2, 2],
          dtype: 'int32',
          values,
        });
      });
      h.test('arraySync returns nested arrays, booleans for bool', () => {
        expect(
          g
            .tensor([
              [1, 2],
              [3, 4],
            ])
            .arraySync(),
        ).toEqual([
          [1, 2],
          [3, 4],
        ]);
        expect(g.tensor([true, false]).arraySync()).toEqual([true, false]);
        expect(g.scalar(5, 'int32').arraySync()).toEqual(5);
      });
    });

    h.group('fills and ranges', () => {
      h.test('zeros and ones in each dtype', () => {
        expectTensor(g.zeros([2, 2]), { shape: [2, 2], dtype: 'float32', values: [0, 0, 0, 0] });
        expectTensor(g.ones([3], 'int32'), { shape: [3], dtype: 'int32', values: [1, 1, 1] });
        expectTensor(g.ones([2], 'bool'), { shape: [2], dtype: 'bool', values: [true, true] });
      });
      h.test('fill with a number and with a boolean', () => {
        expectTensor(g.fill([2, 3], -1.5), {
          shape: [2, 3],
          dtype: 'float32',
          values: [-1.5, -1.5, -1.5, -1.5, -1.5, -1.5],
        });
        expectTensor(g.fill([2], true), { shape: [2], dtype: 'bool', values: [true, true] });
      });
      h.test('zerosLike and onesLike keep shape and dtype', () => {
        const x = g.tensor([1, 2, 3], [3], 'int32');
        expectTensor(g.zerosLike(x), { shape: [3], dtype: 'int32', values: [0, 0, 0] });
        expectTensor(g.onesLike(x), { shape: [3], dtype: 'int32', values: [1, 1, 1] });
      });
      h.test('range: stop only, negative step, int32, empty', () => {
        expectTensor(g.range(4), { shape: [4], dtype: 'float32', values: [0, 1, 2, 3] });
        expectTensor(g.range(5, 1, -2), { shape: [2], values: [5, 3] });
        expectTensor(g.range(0, 1, 0.25), { shape: [4], values: [0, 0.25, 0.5, 0.75] });
        expectTensor(g.range(2, 5, 1, 'int32'), { shape: [3], dtype: 'int32', values: [2, 3, 4] });
        expectTensor(g.range(3, 3), { shape: [0], values: [] });
      });
      h.test('linspace includes both ends', () => {
        expectTensor(g.linspace(0, 1, 5), {
          shape: [5],
          dtype: 'float32',
          values: [0, 0.25, 0.5, 0.75, 1],
        });
        expectTensor(g.linspace(2, 2, 1), { shape: [1], values: [2] });
      });
      h.test('eye, square and rectangular', () => {
        expectTensor(g.eye(3), {
          shape: [3, 3],
          dtype: 'float32',
          values: [1, 0, 0, 0, 1, 0, 0, 0, 1],
        });
        expectTensor(g.eye(2, 3, 'int32'), {
          shape: [2, 3],
          dtype: 'int32',
          values: [1, 0, 0, 0, 1, 0],
        });
      });
    });

    h.group('random', () => {
      const n = 20000;
      h.test('randomUniform: the same seed gives the same values', () => {
        withAllValues(
          [g.randomUniform([100], 0, 1, 'float32', 5), g.randomUniform([100], 0, 1, 'float32', 5)],
          ([a, b]) => expect(Array.from(a!)).toEqual(Array.from(b!)),
        );
      });
      h.test('randomUniform: different seeds give different values', () => {
        withAllValues(
          [g.randomUniform([100], 0, 1, 'float32', 5), g.randomUniform([100], 0, 1, 'float32', 6)],
          ([a, b]) => expect(Array.from(a!)).not.toEqual(Array.from(b!)),
        );
      });
      h.test('randomUniform: within [minval, maxval), mean and spread of a uniform', () => {
        withValues(g.randomUniform([n], -2, 4, 'float32', 11), (values) => {
          const s = stats(values);
          expect(s.min).toBeGreaterThanOrEqual(-2);
          expect(s.max).toBeLessThan(4);
          expect(Math.abs(s.mean - 1)).toBeLessThan(0.05);
          expect(Math.abs(s.std - 6 / Math.sqrt(12))).toBeLessThan(0.05);
        });
      });
      h.test('randomUniform: int32 values are integers in range', () => {
        const t = g.randomUniform([1000], 0, 10, 'int32', 12);
        expect(t.dtype).toBe('int32');
        withValues(t, (values) => {
          const s = stats(values);
          expect(s.min).toBe(0);
          expect(s.max).toBe(9);
        });
      });
      h.test('randomUniform: values follow the seeded host generator', () => {
        const prng = new g.Prng(99);
        const expected = Array.from({ length: 10 }, () => Math.fround(1 + 2 * prng.nextFloat()));
        expectTensor(g.randomUniform([10], 1, 3, 'float32', 99), {
          shape: [10],
          dtype: 'float32',
          values: expected,
        });
      });
      h.test('randomNormal: the same seed gives the same values', () => {
        withAllValues(
          [g.randomNormal([100], 0, 1, 'float32', 8), g.randomNormal([100], 0, 1, 'float32', 8)],
          ([a, b]) => expect(Array.from(a!)).toEqual(Array.from(b!)),
        );
      });
      h.test('randomNormal: mean and standard deviation', () => {
        withValues(g.randomNormal([n], 3, 2, 'float32', 13), (values) => {
          const s = stats(values);
          expect(Math.abs(s.mean - 3)).toBeLessThan(0.05);
          expect(Math.abs(s.std - 2)).toBeLessThan(0.05);
        });
      });
      h.test('truncatedNormal: within two standard deviations, same seed same values', () => {
        withAllValues(
          [
            g.truncatedNormal([n], 1, 0.5, 'float32', 14),
            g.truncatedNormal([50], 1, 0.5, 'float32', 14),
          ],
          ([a, b]) => {
            const s = stats(a!);
            expect(s.min).toBeGreaterThanOrEqual(0 - 1e-6);
            expect(s.max).toBeLessThanOrEqual(2 + 1e-6);
            expect(Math.abs(s.mean - 1)).toBeLessThan(0.02);
            // a normal truncated at ±2σ has standard deviation ≈ 0.8796σ
            expect(Math.abs(s.std - 0.8796 * 0.5)).toBeLessThan(0.02);
            expect(Array.from(b!)).toEqual(Array.from(a!).slice(0, 50));
          },
        );
      });
      h.test('setSeed makes unseeded calls repeatable', () => {
        g.setSeed(2024);
        const a = g.randomNormal([20]);
        g.setSeed(2024);
        withAllValues([a, g.randomNormal([20])], ([va, vb]) => {
          expect(Array.from(vb!)).toEqual(Array.from(va!));
        });
      });
    });

    h.group('lifetime', () => {
      h.testAsync('data() resolves to the values', async () => {
        const t = g.tensor([1, 2, 3], [3], 'int32');
        const values = await t.data();
        expect(Array.from(values)).toEqual([1, 2, 3]);
        expect(await t.array()).toEqual([1, 2, 3]);
        t.dispose();
      });
      h.test('clone has the same values and survives disposing the original', () => {
        const x = g.tensor([1, 2, 3]);
        const y = x.clone();
        x.dispose();
        expectTensor(y, { shape: [3], dtype: 'float32', values: [1, 2, 3] });
      });
      h.test('clone of int32 and bool', () => {
        expectTensor(g.tensor([4, 5], [2], 'int32').clone(), {
          shape: [2],
          dtype: 'int32',
          values: [4, 5],
        });
        expectTensor(g.tensor([true, false]).clone(), {
          shape: [2],
          dtype: 'bool',
          values: [true, false],
        });
      });
      h.test('dispose marks the tensor disposed and is safe twice', () => {
        const x = g.tensor([1, 2]);
        x.dispose();
        x.dispose();
        expect(x.isDisposed).toBe(true);
      });
      h.test('results outlive the inputs they were computed from', () => {
        const x = g.tensor([1, 2, 3]);
        const y = g.add(x, 1);
        const z = g.reshape(x, [3, 1]);
        x.dispose();
        expectTensor(y, { shape: [3], values: [2, 3, 4] });
        expectTensor(z, { shape: [3, 1], values: [1, 2, 3] });
      });
    });
  });
}
