import { exp, gather, mul, sum, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradient } from './gradient-check';
import { customGrad } from './index';
import { draw, useNaiveBackend } from './test-support';

beforeAll(useNaiveBackend);

describe('checkGradient', () => {
  it('passes a correct gradient and reports both estimates', () => {
    const x = draw([2, 2]);
    const result = checkGradient((x) => mul(exp(x), 2), [x], { epsilon: 1e-3, tolerance: 1e-3 });
    expect(result.ok).toBe(true);
    expect(result.message).toBe('');
    expect(result.maxAbsError).toBeLessThan(1e-3);
    expect(result.analytic[0]!.length).toBe(4);
    expect(result.numeric[0]!.length).toBe(4);
  });
  it('catches a gradient that is 1% off', () => {
    const wrong = customGrad((x: Tensor) => ({
      value: mul(x, x),
      save: [x],
      gradFunc: (dy, [x]) => mul(dy, mul(x!, 2.02)),
    }));
    const result = checkGradient(wrong, [tensor([1, -2, 3])], { tolerance: 1e-3 });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(
      /^checkGradient: 3 gradient values differ from central differences/,
    );
  });
  it('passes int32 inputs through as constants', () => {
    const result = checkGradient(
      (x, i) => sum(gather(x, i)),
      [draw([3]), tensor([2, 2, 0], undefined, 'int32')],
    );
    expect(result.ok).toBe(true);
    expect(result.analytic[0]).toEqual(Float64Array.from([1, 0, 2]));
    expect(result.analytic[1]!.length).toBe(0);
  });
});
