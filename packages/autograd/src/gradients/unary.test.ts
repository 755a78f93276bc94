import {
  abs,
  cast,
  cos,
  erf,
  exp,
  expm1,
  log,
  log1p,
  neg,
  reciprocal,
  relu,
  rsqrt,
  sigmoid,
  sin,
  sqrt,
  square,
  sum,
  type Tensor,
  tanh,
  tensor,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { type Draw, draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const cases: [string, (x: Tensor) => Tensor, Draw][] = [
  ['neg', neg, {}],
  ['abs', abs, { avoid: [0], gap: 0.2 }],
  ['square', square, {}],
  ['relu', relu, { avoid: [0], gap: 0.2 }],
  ['exp', exp, {}],
  ['expm1', expm1, {}],
  ['log', log, { min: 0.3, max: 3 }],
  ['log1p', log1p, { min: -0.6, max: 2 }],
  ['sqrt', sqrt, { min: 0.3, max: 3 }],
  ['rsqrt', rsqrt, { min: 0.3, max: 3 }],
  ['reciprocal', reciprocal, { min: -3, max: 3, avoid: [0], gap: 0.4 }],
  ['sin', sin, { min: -3, max: 3 }],
  ['cos', cos, { min: -3, max: 3 }],
  ['tanh', tanh, {}],
  ['sigmoid', sigmoid, { min: -4, max: 4 }],
  ['erf', erf, {}],
  ['identity', (x) => x.clone(), {}],
];

describe('unary gradients match central differences', () => {
  for (const [name, op, range] of cases) {
    it(name, () => expectGradients(op, [draw([2, 3], range)], { tolerance: 2e-3 }));
  }
});

describe('unary gradients at known points', () => {
  it('d tanh(x)/dx = 1 - tanh²(x)', () => {
    const g = grad(tanh)(tensor(0.5));
    expect(values(g)[0]).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 6);
  });
  it('abs and relu take the subgradient 0 at their kink, as TF', () => {
    expect(values(grad((x) => sum(abs(x)))(tensor([0, -1, 2])))).toEqual([0, -1, 1]);
    expect(values(grad((x) => sum(relu(x)))(tensor([0, -1, 2])))).toEqual([0, 0, 1]);
  });
  it('a cast to int32 stops the gradient', () => {
    expect(values(grad((x) => sum(cast(cast(x, 'int32'), 'float32')))(tensor([1.5, 2.5])))).toEqual(
      [0, 0],
    );
  });
});
