import {
  clipByValue,
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  relu6,
  selu,
  softmax,
  softplus,
  sum,
  type Tensor,
  tensor,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { type Draw, draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const cases: [string, (x: Tensor) => Tensor, Draw][] = [
  ['relu6', relu6, { min: -2, max: 8, avoid: [0, 6], gap: 0.2 }],
  ['leakyRelu', (x) => leakyRelu(x, 0.3), { avoid: [0], gap: 0.2 }],
  ['elu', elu, { avoid: [0], gap: 0.2 }],
  ['selu', selu, { avoid: [0], gap: 0.2 }],
  ['gelu (exact)', (x) => gelu(x), { min: -3, max: 3 }],
  ['gelu (tanh approximation)', (x) => gelu(x, true), { min: -3, max: 3 }],
  ['softplus', softplus, { min: -4, max: 4 }],
  ['clipByValue', (x) => clipByValue(x, -1, 0.5), { avoid: [-1, 0.5], gap: 0.2 }],
  ['softmax (last axis)', (x) => softmax(x), {}],
  ['softmax (axis 0)', (x) => softmax(x, 0), {}],
  ['logSoftmax (last axis)', (x) => logSoftmax(x), {}],
  ['logSoftmax (axis 0)', (x) => logSoftmax(x, 0), {}],
];

describe('activation gradients match central differences', () => {
  for (const [name, op, range] of cases) {
    it(name, () => expectGradients(op, [draw([3, 4], range)], { tolerance: 2e-3 }));
  }
});

it('clipByValue passes the gradient inside [min, max], bounds included, as TF', () => {
  expect(values(grad((x) => sum(clipByValue(x, 0, 1)))(tensor([-1, 0, 0.5, 1, 2])))).toEqual([
    0, 1, 1, 1, 0,
  ]);
});
