/** Helpers shared by the tests: data, running an optimizer for a few steps, comparing. */
import { type Shape, sizeFromShape, tensor } from '@glia/core';
import type { Optimizer } from '../optimizer';
import { seededRandom, type Vec } from './reference';

export const SHAPES: Shape[] = [[2, 3], [4], []];
export const NAMES = ['dense/kernel', 'dense/bias', 'scale'];

/** Initial parameters and `steps` gradients for SHAPES, from a seed. */
export function problem(seed: number, steps = 5): { init: Vec[]; grads: Vec[][] } {
  const rand = seededRandom(seed);
  const vec = (shape: Shape, scale: number) =>
    Array.from({ length: sizeFromShape(shape) }, () => Math.fround((rand() * 2 - 1) * scale));
  const init = SHAPES.map((s) => vec(s, 1));
  // gradients of mixed magnitudes, one of them zero, so clipping and epsilons matter somewhere
  const grads = Array.from({ length: steps }, (_, t) =>
    SHAPES.map((s, j) => {
      const g = vec(s, j === 0 ? 2 : 0.3);
      if (t === 2 && j === 1) g[0] = 0;
      return g;
    }),
  );
  return { init, grads };
}

/** Runs `opt` on fresh parameters; returns the final parameters and state as plain arrays. */
export function runGlia(
  opt: Optimizer,
  init: Vec[],
  grads: Vec[][],
): { params: Vec[]; weights: Record<string, Vec> } {
  const params = init.map((v, j) => tensor(v, SHAPES[j]));
  for (const step of grads) {
    const gs = step.map((g, j) => tensor(g, SHAPES[j]));
    opt.applyGradients(params.map((param, j) => ({ name: NAMES[j]!, param, grad: gs[j]! })));
    for (const g of gs) g.dispose();
  }
  const out = params.map((p) => Array.from(p.dataSync()));
  for (const p of params) p.dispose();
  const weights: Record<string, Vec> = {};
  for (const { name, tensor: t } of opt.getWeights()) {
    weights[name] = Array.from(t.dataSync());
    t.dispose();
  }
  return { params: out, weights };
}

/** max |a - b| / max(|b|, floor) over all elements. */
export function maxRelDiff(a: Vec[], b: Vec[], floor = 1e-3): number {
  let worst = 0;
  a.forEach((av, j) => {
    av.forEach((x, i) => {
      const y = b[j]![i]!;
      worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), floor));
    });
  });
  return worst;
}

export function deepCopy(vs: Vec[]): Vec[] {
  return vs.map((v) => [...v]);
}
