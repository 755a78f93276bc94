import { batchNorm } from '@glia/core';
import { beforeAll, describe, it } from 'vitest';
import { draw, expectGradients, useNaiveBackend } from '../test-support';

beforeAll(useNaiveBackend);

describe('batchNorm gradients match central differences', () => {
  it('all five inputs, statistics per channel', () => {
    const inputs = [
      draw([2, 3, 4]),
      draw([4], { seed: 2 }),
      draw([4], { seed: 3, min: 0.5, max: 2 }),
      draw([4], { seed: 4 }),
      draw([4], { seed: 5 }),
    ];
    expectGradients(
      (x, mean, variance, offset, scale) =>
        batchNorm(x, mean, variance, { offset, scale, epsilon: 1e-3 }),
      inputs,
      { tolerance: 3e-3 },
    );
  });
  it('statistics broadcast over the last two axes', () => {
    const inputs = [
      draw([2, 3, 4]),
      draw([3, 1], { seed: 2 }),
      draw([3, 1], { seed: 3, min: 0.5, max: 2 }),
    ];
    expectGradients((x, mean, variance) => batchNorm(x, mean, variance), inputs, {
      tolerance: 3e-3,
    });
  });
});
