import { logSumExp, max, mean, min, moments, mul, prod, sum, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { distinct, draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 2e-3 };
const axesCases: [string, number | number[] | undefined, boolean][] = [
  ['all axes', undefined, false],
  ['axis 0', 0, false],
  ['axis -1, keepDims', -1, true],
  ['axes [0, 2]', [0, 2], false],
];

describe('reduction gradients match central differences', () => {
  for (const [label, axis, keepDims] of axesCases) {
    it(`sum over ${label}`, () =>
      expectGradients((x) => sum(x, axis, keepDims), [draw([2, 3, 2])], options));
    it(`mean over ${label}`, () =>
      expectGradients((x) => mean(x, axis, keepDims), [draw([2, 3, 2])], options));
    it(`max over ${label}`, () =>
      expectGradients((x) => max(x, axis, keepDims), [distinct([2, 3, 2])], options));
    it(`min over ${label}`, () =>
      expectGradients((x) => min(x, axis, keepDims), [distinct([2, 3, 2])], options));
    it(`prod over ${label}`, () =>
      expectGradients(
        (x) => prod(x, axis, keepDims),
        [draw([2, 3, 2], { min: 0.5, max: 1.5 })],
        options,
      ));
    it(`logSumExp over ${label}`, () =>
      expectGradients((x) => logSumExp(x, axis, keepDims), [draw([2, 3, 2])], options));
    it(`moments over ${label}`, () =>
      expectGradients(
        (x) => {
          const { mean, variance } = moments(x, axis, keepDims);
          return mul(mean, variance);
        },
        [draw([2, 3, 2])],
        options,
      ));
  }
});

describe('reduction gradients at known points', () => {
  it('the gradient of a sum broadcasts back over the reduced axes', () => {
    expect(
      values(
        grad((x) => sum(mul(sum(x, 1), tensor([1, 2]))))(
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    ).toEqual([1, 1, 1, 2, 2, 2]);
  });
  it('prod is exact with zeros: each element gets the product of the others', () => {
    expect(values(grad((x) => prod(x))(tensor([2, 0, 3])))).toEqual([0, 6, 0]);
    expect(values(grad((x) => prod(x))(tensor([0, 0, 3])))).toEqual([0, 0, 0]);
  });
  it('max gives ties the whole gradient each, as TF', () => {
    expect(values(grad((x) => max(x))(tensor([1, 3, 3])))).toEqual([0, 1, 1]);
  });
});
