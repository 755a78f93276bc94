import { dot, matMul, outer, sum, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grads } from '../api';
import { draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 2e-3 };

describe('matMul gradients match central differences', () => {
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`transposeA ${transposeA}, transposeB ${transposeB}`, () => {
        const a = draw(transposeA ? [4, 3] : [3, 4], { seed: 1 });
        const b = draw(transposeB ? [2, 4] : [4, 2], { seed: 2 });
        expectGradients((a, b) => matMul(a, b, transposeA, transposeB), [a, b], options);
      });
    }
  }
  it('batched, with a broadcast batch dimension', () => {
    expectGradients(
      (a, b) => matMul(a, b),
      [draw([2, 3, 4]), draw([1, 4, 2], { seed: 5 })],
      options,
    );
  });
  it('dot and outer', () => {
    expectGradients(dot, [draw([3]), draw([3, 2], { seed: 2 })], options);
    expectGradients(outer, [draw([3]), draw([2], { seed: 2 })], options);
  });
});

it('d sum(A·B) is (1·Bᵀ, Aᵀ·1)', () => {
  const a = tensor([
    [1, 2],
    [3, 4],
  ]);
  const b = tensor([
    [5, 6],
    [7, 8],
  ]);
  const [da, db] = grads((a, b) => sum(matMul(a, b)))([a, b]);
  expect(values(da!)).toEqual([11, 15, 11, 15]);
  expect(values(db!)).toEqual([4, 4, 6, 6]);
});
