/**
 * Each optimizer minimises a badly scaled quadratic, and the adaptive ones the Rosenbrock function,
 * to known minima, with gradients computed from the parameters at each step.
 */
import { memory, mul, sub, type Tensor, tensor, tidy } from '@glia/core';
import { describe, expect, it } from 'vitest';
import type { Optimizer } from './optimizer';
import { adadelta } from './optimizers/adadelta';
import { adagrad } from './optimizers/adagrad';
import { adam } from './optimizers/adam';
import { adamax } from './optimizers/adamax';
import { adamW } from './optimizers/adamw';
import { momentum } from './optimizers/momentum';
import { rmsprop } from './optimizers/rmsprop';
import { sgd } from './optimizers/sgd';
import { cosineDecay, linearWarmup } from './schedules';

const curvature = [1, 4, 0.5];
const minimum = [1, -2, 3];

/** Steps `opt` on f(x) = Σ aᵢ(xᵢ - cᵢ)² from 0; returns x. */
function minimiseQuadratic(opt: Optimizer, steps: number): number[] {
  const x = tensor([0, 0, 0]);
  const a2 = tensor(curvature.map((a) => 2 * a));
  const c = tensor(minimum);
  const before = memory().numTensors;
  for (let i = 0; i < steps; i++) {
    const grad = tidy(() => mul(sub(x, c), a2));
    opt.applyGradients([{ name: 'x', param: x, grad }]);
    grad.dispose();
  }
  // only the slots remain
  const saved = opt.getWeights();
  expect(memory().numTensors - saved.length - before).toBe(saved.length - 1);
  for (const w of saved) w.tensor.dispose();
  const out = Array.from(x.dataSync());
  for (const t of [x, a2, c]) t.dispose();
  return out;
}

describe('quadratic', () => {
  const cases: [string, () => Optimizer, number][] = [
    ['sgd', () => sgd(0.1), 300],
    ['sgd, Nesterov', () => sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), 300],
    ['momentum', () => momentum(0.05, 0.9), 300],
    ['adam', () => adam(cosineDecay(0.1, 1500)), 1500],
    ['adamax', () => adamax(cosineDecay(0.1, 1500)), 1500],
    [
      'adamW (weight decay 0)',
      () => adamW({ learningRate: cosineDecay(0.1, 1500), weightDecay: 0 }),
      1500,
    ],
    ['rmsprop', () => rmsprop(cosineDecay(0.05, 1500)), 1500],
    ['adagrad', () => adagrad(0.5), 1500],
    ['adadelta', () => adadelta(1, 0.95, 1e-3), 1500],
  ];
  it.each(cases)('%s reaches the minimum', (_, make, steps) => {
    const x = minimiseQuadratic(make(), steps);
    x.forEach((v, i) => {
      expect(Math.abs(v - minimum[i]!)).toBeLessThan(1e-3);
    });
  });
});

/** f(x, y) = (1 - x)² + 100(y - x²)², minimum 0 at (1, 1), from (-1.2, 1). */
function minimiseRosenbrock(opt: Optimizer, steps: number): number[] {
  const p = tensor([-1.2, 1]);
  for (let i = 0; i < steps; i++) {
    const [x, y] = p.dataSync() as unknown as [number, number];
    const grad: Tensor = tensor([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]);
    opt.applyGradients([{ name: 'p', param: p, grad }]);
    grad.dispose();
  }
  const out = Array.from(p.dataSync());
  p.dispose();
  return out;
}

describe('Rosenbrock', () => {
  const cases: [string, () => Optimizer, number][] = [
    ['adam', () => adam(cosineDecay(0.05, 3000)), 3000],
    [
      'sgd, Nesterov momentum',
      () => sgd({ learningRate: 1e-3, momentum: 0.9, nesterov: true }),
      3000,
    ],
    [
      'rmsprop, after a linear warm-up',
      () => rmsprop(linearWarmup(100, cosineDecay(0.01, 5000))),
      5100,
    ],
  ];
  it.each(cases)('%s reaches (1, 1)', (_, make, steps) => {
    const [x, y] = minimiseRosenbrock(make(), steps);
    expect(Math.abs(x! - 1)).toBeLessThan(1e-2);
    expect(Math.abs(y! - 1)).toBeLessThan(2e-2);
  });
});
