import {
  relu,
  reluGrad,
  sigmoid,
  sigmoidGrad,
  sum,
  type Tensor,
  tanh,
  tanhGrad,
  tensor,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grad } from '../api';
import { draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

describe('the gradient kernels of relu, sigmoid and tanh match central differences', () => {
  const dy = () => draw([2, 3], { seed: 11 });
  it('reluGrad (in dy; x is away from 0)', () =>
    expectGradients((g, x) => reluGrad(g, x), [dy(), draw([2, 3], { avoid: [0], gap: 0.2 })], {
      tolerance: 2e-3,
    }));
  it('sigmoidGrad (in dy and y)', () =>
    expectGradients((g, y) => sigmoidGrad(g, y), [dy(), draw([2, 3], { min: 0.05, max: 0.95 })], {
      tolerance: 2e-3,
    }));
  it('tanhGrad (in dy and y)', () =>
    expectGradients((g, y) => tanhGrad(g, y), [dy(), draw([2, 3], { min: -0.95, max: 0.95 })], {
      tolerance: 2e-3,
    }));
});

describe('second derivatives through the gradient kernels', () => {
  const first = (f: (x: Tensor) => Tensor) => grad((u) => sum(f(u)));
  const second = (f: (x: Tensor) => Tensor) => grad((t) => sum(first(f)(t)));
  it("sigmoid'' = s (1 - s) (1 - 2s) and tanh'' = -2 t (1 - t²)", () => {
    const x = [-1.5, 0.25, 2];
    const s = x.map((v) => 1 / (1 + Math.exp(-v)));
    const t = x.map(Math.tanh);
    const sig = values(second(sigmoid)(tensor(x)));
    const tan = values(second(tanh)(tensor(x)));
    x.forEach((_, i) => {
      expect(sig[i]).toBeCloseTo(s[i]! * (1 - s[i]!) * (1 - 2 * s[i]!), 5);
      expect(tan[i]).toBeCloseTo(-2 * t[i]! * (1 - t[i]! ** 2), 5);
    });
  });
  it("relu'' is 0, and relu' keeps dy * 0 where x <= 0", () => {
    expect(values(second(relu)(tensor([-1, 0, 2])))).toEqual([0, 0, 0]);
    const g = first(relu)(tensor([-1, 0, 2, Number.NaN]));
    expect(values(g)).toEqual([0, 0, 1, 0]);
  });
});
