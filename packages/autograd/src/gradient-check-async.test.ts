import { exp, matMul, memory, mul, sum, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradient, checkGradientAsync } from './gradient-check';
import { useNaiveBackend } from './test-support';

beforeAll(useNaiveBackend);

describe('checkGradientAsync', () => {
  it('finds what checkGradient finds, reading with await, and leaks nothing', async () => {
    const a = tensor([0.3, -0.2, 0.5, 0.1], [2, 2]);
    const b = tensor([1, 2, -1, 0.5, 0.25, 3], [2, 3]);
    const f = (x: typeof a, y: typeof a) => exp(matMul(x, y));
    const before = memory().numTensors;
    const result = await checkGradientAsync(f, [a, b], { tolerance: 1e-3 });
    expect(memory().numTensors).toBe(before);
    const sync = checkGradient(f, [a, b], { tolerance: 1e-3 });
    expect(result.ok).toBe(true);
    expect(result.analytic).toEqual(sync.analytic);
    expect(result.numeric).toEqual(sync.numeric);
    // d/dx sum(x²) = 2x, by hand
    const x = tensor([1.5, -2]);
    const squares = await checkGradientAsync((v) => sum(mul(v, v)), [x]);
    expect(Array.from(squares.analytic[0]!)).toEqual([3, -4]);
    a.dispose();
    b.dispose();
    x.dispose();
  });
});
