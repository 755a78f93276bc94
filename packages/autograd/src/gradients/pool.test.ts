import {
  avgPool2d,
  avgPoolGrad,
  maxPool2d,
  maxPoolGrad,
  type Pool2dOptions,
  sum,
  tensor,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { distinct, draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 2e-3 };
const geometries: [string, Pool2dOptions][] = [
  ['2x2 valid', { poolSize: 2 }],
  ['3x3 same, stride 2', { poolSize: 3, strides: 2, padding: 'same' }],
  ['2x3 overlapping, stride 1', { poolSize: [2, 3], strides: 1 }],
];

describe('pooling gradients match central differences', () => {
  for (const [label, pool] of geometries) {
    // distinct values: no ties, and every window's maximum stays the maximum under the small steps
    it(`maxPool, ${label}`, () =>
      expectGradients((x) => maxPool2d(x, pool), [distinct([2, 5, 5, 2], 3, 0.02)], options));
    it(`avgPool, ${label}`, () =>
      expectGradients((x) => avgPool2d(x, pool), [draw([2, 5, 5, 2])], options));
    it(`maxPoolGrad (dy), ${label}`, () => {
      const x = distinct([2, 5, 5, 2], 4, 0.02);
      const dyShape = maxPool2d(x, pool).shape;
      expectGradients((dy) => maxPoolGrad(dy, x, pool), [draw([...dyShape])], options);
    });
    it(`avgPoolGrad (dy), ${label}`, () => {
      const dyShape = avgPool2d(draw([2, 5, 5, 2]), pool).shape;
      expectGradients((dy) => avgPoolGrad(dy, [2, 5, 5, 2], pool), [draw([...dyShape])], options);
    });
  }
});

it('maxPool routes the gradient to each window maximum', () => {
  const x = tensor([1, 5, 2, 3, 4, 0, 8, 7, 6, 9, 1, 2, 0, 3, 4, 5], [1, 4, 4, 1]);
  expect(values(grad((x) => sum(maxPool2d(x, { poolSize: 2 })))(x))).toEqual([
    0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1,
  ]);
});
