/** Class 9: the dtype rules of docs/dtypes.md, checked by value. */

import type { Tensor } from '@glia/core';
import * as g from '@glia/core';
import type { Case } from '../harness';

/** A case that must return `dtype` and `values` (and disposes what it made). */
function valueCase(
  title: string,
  run: () => Tensor,
  dtype: g.DType,
  check: (values: number[]) => string | undefined,
): Case {
  return {
    title,
    run: () => g.tidy(() => g.keep(run())),
    check: (value) => {
      const t = value as Tensor;
      const values = Array.from(t.dataSync());
      const got = t.dtype;
      t.dispose();
      if (got !== dtype) return `dtype ${got}, expected ${dtype}`;
      return check(values);
    },
  };
}

const equals = (expected: number[]) => (values: number[]) =>
  values.join() === expected.join()
    ? undefined
    : `values ${values.join()}, expected ${expected.join()}`;

export function dtypeCases(): Case[] {
  const i32 = (v: number[], shape = [v.length]) => g.tensor(v, shape, 'int32');
  const b8 = (v: boolean[], shape = [v.length]) => g.tensor(v, shape);
  return [
    valueCase(
      'matMul(int32, bool) is int32, as add',
      () => g.matMul(i32([1, 2, 3, 4], [2, 2]), b8([true, false, false, true], [2, 2])),
      'int32',
      equals([1, 2, 3, 4]),
    ),
    valueCase(
      'add(int32, bool) is int32',
      () => g.add(i32([1, 2]), b8([true, false])),
      'int32',
      equals([2, 2]),
    ),
    valueCase('relu6 keeps int32', () => g.relu6(i32([-1, 3, 9])), 'int32', equals([0, 3, 6])),
    valueCase('round keeps int32', () => g.round(i32([-3, 7])), 'int32', equals([-3, 7])),
    valueCase('floor of bool is int32', () => g.floor(b8([true, false])), 'int32', equals([1, 0])),
    valueCase('eye(2, 3, bool)', () => g.eye(2, 3, 'bool'), 'bool', equals([1, 0, 0, 0, 1, 0])),
    valueCase(
      'randomUniform bool is a fair coin (n = 20000)',
      () => g.randomUniform([20000], 0, 1, 'bool', 5),
      'bool',
      (v) => {
        const trues = v.reduce((s, x) => s + x, 0);
        return Math.abs(trues - 10000) < 354
          ? undefined
          : `${trues} trues of 20000 (5 sigma: 10000 ± 354)`;
      },
    ),
    valueCase(
      'randomNormal int32 keeps the mean (n = 100000)',
      () => g.randomNormal([100000], 0, 1, 'int32', 7),
      'int32',
      (v) => {
        const mean = v.reduce((s, x) => s + x, 0) / v.length;
        return Math.abs(mean) < 0.02
          ? undefined
          : `mean ${mean}, expected 0 ± 0.02 (floor gave -0.5)`;
      },
    ),
    valueCase(
      'truncatedNormal int32 keeps the mean (n = 100000)',
      () => g.truncatedNormal([100000], 0, 1, 'int32', 7),
      'int32',
      (v) => {
        const mean = v.reduce((s, x) => s + x, 0) / v.length;
        return Math.abs(mean) < 0.02 ? undefined : `mean ${mean}, expected 0 ± 0.02`;
      },
    ),
    valueCase(
      'tensor([NaN], [1], bool) is true',
      () => g.tensor([Number.NaN], [1], 'bool'),
      'bool',
      equals([1]),
    ),
    valueCase(
      'cast(NaN, bool) is true',
      () => g.cast(g.tensor([Number.NaN, 0]), 'bool'),
      'bool',
      equals([1, 0]),
    ),
  ];
}
