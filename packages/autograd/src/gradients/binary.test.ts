import {
  add,
  div,
  greater,
  maximum,
  minimum,
  mod,
  mul,
  pow,
  squaredDifference,
  sub,
  sum,
  type Tensor,
  tensor,
  where,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grads } from '../api';
import { draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

type Binary = (a: Tensor, b: Tensor) => Tensor;
const options = { tolerance: 2e-3 };

describe('binary gradients match central differences, broadcasting included', () => {
  const shapes: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [[2, 3], [3]],
    [
      [2, 1],
      [1, 3],
    ],
    [[2, 3], []],
  ];
  const ops: [string, Binary, number, number][] = [
    ['add', add, -2, 2],
    ['sub', sub, -2, 2],
    ['mul', mul, -2, 2],
    ['div', div, 0.5, 2],
    ['pow', pow, 0.5, 2],
    ['squaredDifference', squaredDifference, -2, 2],
  ];
  for (const [name, op, min, max] of ops) {
    for (const [aShape, bShape] of shapes) {
      it(`${name} [${aShape}] with [${bShape}]`, () => {
        const a = draw(aShape, { min, max, seed: 1 });
        const b = draw(bShape, { min, max, seed: 2 });
        expectGradients(op, [a, b], options);
      });
    }
  }

  it('mod, away from the jumps of a mod b', () => {
    const a = tensor([0.3, 1.4, 2.6, -0.7, 3.3, -2.2], [2, 3]);
    const b = tensor([1, 1.5, -1.25]);
    expectGradients(mod, [a, b], options);
  });

  it('maximum and minimum, with a and b apart', () => {
    const a = draw([2, 3], { seed: 4 });
    const b = sub(a, tensor([0.5, -0.5, 0.3], [3]));
    expectGradients(maximum, [a, b], options);
    expectGradients(minimum, [a, b], options);
  });

  it('where, with a broadcast condition and branches', () => {
    const condition = tensor([true, false, true], [3]);
    expectGradients(
      (a, b) => where(condition, a, b),
      [draw([2, 3]), draw([2, 1], { seed: 9 })],
      options,
    );
  });
});

describe('binary gradients at known points', () => {
  it('d(a·b) is (b, a), and a broadcast operand sums its gradient', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([10, 20]);
    const [da, db] = grads((a, b) => sum(mul(a, b)))([a, b]);
    expect(values(da!)).toEqual([10, 20, 10, 20]);
    expect(values(db!)).toEqual([4, 6]);
  });
  it('maximum sends ties to a, as TF', () => {
    const x = tensor([1, 2]);
    const [da, db] = grads((a, b) => sum(maximum(a, b)))([x, tensor([1, 3])]);
    expect(values(da!)).toEqual([1, 0]);
    expect(values(db!)).toEqual([0, 1]);
  });
  it('the bool condition of where gets no gradient and needs none', () => {
    const x = tensor([-1, 2]);
    const [dx] = grads((x) => sum(where(greater(x, 0), mul(x, 3), x)))([x]);
    expect(values(dx!)).toEqual([1, 3]);
  });
  it('pow: d/db is taken as 0 where a <= 0, as TF', () => {
    const [da, db] = grads((a, b) => sum(pow(a, b)))([tensor([-2, 0, 2]), tensor([2, 2, 2])]);
    expect(values(da!)).toEqual([-4, 0, 4]);
    expect(values(db!)[0]).toBe(0);
    expect(values(db!)[1]).toBe(0);
    expect(values(db!)[2]).toBeCloseTo(4 * Math.log(2), 5);
  });
});
