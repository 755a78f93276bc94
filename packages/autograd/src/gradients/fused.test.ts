// The fused kernels' gradients: against central differences without an activation (smooth), and
// with relu against the gradients of the unfused ops (whose relu rule has its own checks), which
// must agree to rounding wherever the activation is not exactly at its kink.
import {
  add,
  conv2d,
  fusedConv2d,
  fusedMatMul,
  matMul,
  mul,
  relu,
  sum,
  type Tensor,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grads } from '../api';
import { CONV_GEOMETRIES, draw, expectGradients, useNaiveBackend, values } from '../test-support';

beforeAll(useNaiveBackend);

const options = { tolerance: 3e-3 };

/** Largest absolute difference between two tensors' values. */
function maxDiff(a: Tensor, b: Tensor): number {
  const va = values(a);
  const vb = values(b);
  expect(a.shape).toEqual(b.shape);
  return Math.max(0, ...va.map((v, i) => Math.abs(v - vb[i]!)));
}

/** d(sum(f · w))/d(inputs) for a fixed random weighting w, so every output element matters. */
function weightedGrads(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): Tensor[] {
  return grads((...xs: Tensor[]) => {
    const y = f(...xs);
    return sum(mul(y, draw([...y.shape], { seed: 99 })));
  })(inputs);
}

describe('fusedConv2d gradients', () => {
  for (const [label, conv] of CONV_GEOMETRIES.slice(0, 2)) {
    it(`linear, ${label}: x, filter and bias match central differences`, () => {
      expectGradients(
        (x, f, b) => fusedConv2d(x, f, b, conv),
        [draw([2, 5, 5, 2]), draw([2, 2, 2, 3], { seed: 2 }), draw([3], { seed: 3 })],
        options,
      );
    });
    it(`relu, ${label}: the unfused ops' gradients`, () => {
      const inputs = [draw([2, 5, 5, 2]), draw([2, 2, 2, 3], { seed: 2 }), draw([3], { seed: 3 })];
      const fused = weightedGrads(
        (x, f, b) => fusedConv2d(x, f, b, { ...conv, activation: 'relu' }),
        inputs,
      );
      const unfused = weightedGrads((x, f, b) => relu(add(conv2d(x, f, conv), b)), inputs);
      for (const [i, g] of fused.entries()) expect(maxDiff(g, unfused[i]!)).toBeLessThan(1e-5);
      // relu cut something: the bias gradient differs from the linear one.
      const linear = weightedGrads((x, f, b) => fusedConv2d(x, f, b, conv), inputs);
      expect(maxDiff(fused[2]!, linear[2]!)).toBeGreaterThan(1e-3);
    });
  }
});

describe('fusedMatMul gradients', () => {
  for (const transposeA of [false, true])
    for (const transposeB of [false, true]) {
      const a = draw(transposeA ? [4, 3] : [3, 4]);
      const b = draw(transposeB ? [5, 4] : [4, 5], { seed: 2 });
      const bias = draw([5], { seed: 3 });
      it(`linear, transposeA ${transposeA}, transposeB ${transposeB}: central differences`, () => {
        expectGradients(
          (x, y, z) => fusedMatMul(x, y, z, { transposeA, transposeB }),
          [a, b, bias],
          options,
        );
      });
      it(`relu, transposeA ${transposeA}, transposeB ${transposeB}: the unfused ops' gradients`, () => {
        const fused = weightedGrads(
          (x, y, z) => fusedMatMul(x, y, z, { transposeA, transposeB, activation: 'relu' }),
          [a, b, bias],
        );
        const unfused = weightedGrads(
          (x, y, z) => relu(add(matMul(x, y, transposeA, transposeB), z)),
          [a, b, bias],
        );
        for (const [i, g] of fused.entries()) expect(maxDiff(g, unfused[i]!)).toBeLessThan(1e-5);
      });
    }
});
