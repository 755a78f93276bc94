/** The fused optimizer steps (adamUpdate) against float64 references, edge values and bad input. */
import * as g from '@glia/core';
import { DTypeError, ShapeError, ValueError } from '@glia/core';
import { expect } from 'vitest';
import { expectGliaError, expectNd, expectShape, shapeRe, withAllValues } from '../assert';
import { f32 } from '../fixtures';
import type { Harness } from '../harness';
import { type Nd, nd, randomNd } from '../reference/nd';

interface AdamHyper {
  alpha: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** One Adam step in float64 (Keras 3's form, the kernel table's spec). */
function adamReference(p: Nd, grad: Nd, m: Nd, v: Nd, h: AdamHyper): [Nd, Nd, Nd] {
  const m2 = m.data.map((mi, i) => mi + (grad.data[i]! - mi) * (1 - h.beta1));
  const v2 = v.data.map((vi, i) => vi + (grad.data[i]! ** 2 - vi) * (1 - h.beta2));
  const p2 = p.data.map((pi, i) => pi - (m2[i]! * h.alpha) / (Math.sqrt(v2[i]!) + h.epsilon));
  return [nd(p.shape, p2), nd(p.shape, m2), nd(p.shape, v2)];
}

const KERAS: AdamHyper = { alpha: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

export function defineOptimizerCases(h: Harness): void {
  h.family('optimizers', () => {
    h.group('adamUpdate', () => {
      const tol = h.tol('elementwise');
      const check = (shape: number[], seed: number, hyper: AdamHyper): void => {
        const p = randomNd(shape, seed, -2, 2);
        const grad = randomNd(shape, seed + 1, -1, 1);
        const m = randomNd(shape, seed + 2, -0.5, 0.5);
        const v = randomNd(shape, seed + 3, 0, 0.5);
        const out = g.adamUpdate(f32(p), f32(grad), f32(m), f32(v), hyper);
        const [p2, m2, v2] = adamReference(p, grad, m, v, hyper);
        expectNd(out.param, p2, tol);
        expectNd(out.m, m2, tol);
        expectNd(out.v, v2, tol);
      };
      h.test('a [3,37] parameter (a vector body and a scalar tail) at Keras defaults', () =>
        check([3, 37], 1700, KERAS),
      );
      h.test('a [70001] parameter (large enough to split across threads)', () =>
        check([70001], 1710, { alpha: 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1e-3 }),
      );
      h.test('a scalar, beta1 = beta2 = 0 (the moments become grad and grad squared)', () =>
        check([], 1720, { alpha: 0.5, beta1: 0, beta2: 0, epsilon: 0.25 }),
      );
      h.test('the first step from zero moments, by hand', () => {
        // m' = 0.1·g, v' = 0.001·g², so the step is alpha·0.1·g / (√0.001·|g| + eps).
        const out = g.adamUpdate([1, -2, 3], [0.5, -1, 0], [0, 0, 0], [0, 0, 0], KERAS);
        const step = (gi: number) => (0.01 * 0.1 * gi) / (Math.sqrt(0.001) * Math.abs(gi) + 1e-7);
        expectNd(out.param, nd([3], [1 - step(0.5), -2 - step(-1), 3]), tol);
        expectNd(out.m, nd([3], [0.05, -0.1, 0]), tol);
        expectNd(out.v, nd([3], [0.00025, 0.001, 0]), tol);
      });
      h.test('an empty [0,4] parameter gives three empty tensors', () => {
        const z = g.zeros([0, 4]);
        const out = g.adamUpdate(z, z, z, z, KERAS);
        for (const t of [out.param, out.m, out.v]) expectShape(t, [0, 4], 'float32');
      });
      h.test('NaN in the gradient reaches the parameter and both moments', () => {
        const out = g.adamUpdate([1, 2], [Number.NaN, 1], [0, 0], [0, 0], KERAS);
        withAllValues([out.param, out.m, out.v], ([p, m, v]) => {
          expect([p![0], m![0], v![0]].every(Number.isNaN)).toBe(true);
          expect(Number.isNaN(p![1]!)).toBe(false);
        });
      });
      h.test('errors name the op, the shapes or dtypes, and what was expected', () => {
        const a = g.zeros([2, 3]);
        const b = g.zeros([3, 2]);
        const ints = g.zeros([2, 3], 'int32');
        expectGliaError(
          () => g.adamUpdate(a, b, a, a, KERAS),
          ShapeError,
          new RegExp(`adamUpdate: grad has shape ${shapeRe([3, 2])}.*${shapeRe([2, 3])}`),
        );
        expectGliaError(
          () => g.adamUpdate(a, ints, a, a, KERAS),
          DTypeError,
          /adamUpdate: grad has dtype int32: expected float32/,
        );
        expectGliaError(
          () => g.adamUpdate(a, a, a, a, { ...KERAS, beta1: 1 }),
          ValueError,
          /adamUpdate: beta1 is 1: expected a number in \[0, 1\)/,
        );
        expectGliaError(
          () => g.adamUpdate(a, a, a, a, { ...KERAS, epsilon: -1 }),
          ValueError,
          /adamUpdate: epsilon is -1/,
        );
      });
    });
  });
}
