// End-to-end: models trained with valueAndGrad(s) and a hand-written SGD step reach known losses.
import {
  add,
  dispose,
  matMul,
  mean,
  memory,
  mul,
  Prng,
  randomNormal,
  sigmoid,
  square,
  sub,
  type Tensor,
  tanh,
  tensor,
  tidy,
  zeros,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { valueAndGrad, valueAndGrads } from './index';
import { useNaiveBackend, values } from './test-support';

beforeAll(useNaiveBackend);

/** Solves the normal equations (AᵀA)θ = Aᵀy in float64: the least-squares optimum. */
function leastSquares(rows: number[][], y: number[]): number[] {
  const n = rows[0]!.length;
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0)),
    rows.reduce((s, r, k) => s + r[i]! * y[k]!, 0),
  ]);
  for (let c = 0; c < n; c++) {
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

describe('linear regression', () => {
  // y = 3·x₁ - 2·x₂ + 0.5 + noise, 64 seeded samples; the model is y ≈ [x₁, x₂, 1]·θ.
  const prng = new Prng(42);
  const rows = Array.from({ length: 64 }, () => [
    prng.nextFloat() * 2 - 1,
    prng.nextFloat() * 2 - 1,
    1,
  ]);
  const targets = rows.map(([a, b]) => 3 * a! - 2 * b! + 0.5 + 0.1 * prng.nextNormal());
  const best = leastSquares(rows, targets);
  const bestLoss =
    rows.reduce(
      (s, r, k) => s + (r[0]! * best[0]! + r[1]! * best[1]! + best[2]! - targets[k]!) ** 2,
      0,
    ) / 64;

  it('reaches the least-squares loss with valueAndGrad and SGD', () => {
    const x = tensor(rows);
    const y = tensor(targets, [64, 1]);
    const loss = (theta: Tensor): Tensor => mean(square(sub(matMul(x, theta), y)));
    const before = memory().numTensors;
    let theta = zeros([3, 1]);
    let last = Number.POSITIVE_INFINITY;
    for (let step = 0; step < 300; step++) {
      const { value, grad } = valueAndGrad(loss)(theta);
      const next = tidy(() => sub(theta, mul(grad, 0.5)));
      last = values(value)[0]!;
      dispose([value, grad, theta]);
      theta = next;
    }
    expect(memory().numTensors).toBe(before + 1);
    // The optimum of this data (float64): θ* = [3.0122, -2.0009, 0.5203], loss 0.011362.
    expect(best.map((v) => Number(v.toFixed(4)))).toEqual([3.0122, -2.0009, 0.5203]);
    expect(bestLoss).toBeCloseTo(0.011362, 6);
    expect(Math.abs(last - bestLoss)).toBeLessThan(1e-6);
    values(theta).forEach((v, i) => {
      expect(v).toBeCloseTo(best[i]!, 4);
    });
  });
});

describe('a two-layer MLP learns XOR', () => {
  it('reaches a mean squared error below 0.05 with valueAndGrads and SGD', () => {
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    // 2 -> 8 (tanh) -> 1 (sigmoid), seeded normal weights, zero biases.
    let params = [
      randomNormal([2, 8], 0, 1, 'float32', 1),
      zeros([8]),
      randomNormal([8, 1], 0, 1, 'float32', 2),
      zeros([1]),
    ];
    const loss = (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor => {
      const hidden = tanh(add(matMul(x, w1), b1));
      return mean(square(sub(sigmoid(add(matMul(hidden, w2), b2)), y)));
    };
    const before = memory().numTensors;
    const losses: number[] = [];
    for (let step = 0; step < 500; step++) {
      const { value, grads } = valueAndGrads(loss)(params);
      const next = tidy(() => params.map((p, i) => sub(p, mul(grads[i]!, 2))));
      losses.push(values(value)[0]!);
      dispose([value, grads, params]);
      params = next;
    }
    expect(memory().numTensors).toBe(before);
    // Seeded: the loss starts at 0.406 and ends near 5e-4 after 500 steps.
    expect(losses[0]).toBeCloseTo(0.406, 3);
    expect(losses.at(-1)).toBeLessThan(0.05);
    const predictions = tidy(() =>
      sigmoid(add(matMul(tanh(add(matMul(x, params[0]!), params[1]!)), params[2]!), params[3]!)),
    );
    expect(values(predictions).map(Math.round)).toEqual([0, 1, 1, 0]);
  });
});
