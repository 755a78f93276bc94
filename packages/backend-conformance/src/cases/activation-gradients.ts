/**
 * The gradient kernels of relu, sigmoid and tanh (reluGrad, sigmoidGrad, tanhGrad): float64
 * references, special values, scalars, empty tensors, and tensors long enough for vectorised paths.
 */

import * as g from '@glia/core';
import { EXACT, expectNd, expectTensor } from '../assert';
import { f32, floats, INF, NaN32 } from '../fixtures';
import type { Harness } from '../harness';
import { type Nd, randomNd, zip } from '../reference/nd';

const reluGrad = (dy: number, x: number): number => (x > 0 ? dy : dy * 0);
const sigmoidGrad = (dy: number, y: number): number => dy * y * (1 - y);
const tanhGrad = (dy: number, y: number): number => dy * (1 - y * y);

/** `x` with NaN, ±Infinity, ±0 and 1 in every seventh place, from `offset` on. */
function withSpecials(x: Nd, offset: number): Nd {
  const specials = [NaN32, INF, -INF, 0, -0, 1];
  return {
    ...x,
    data: x.data.map((v, i) => (i % 7 === offset ? specials[Math.floor(i / 7) % 6]! : v)),
  };
}

export function defineActivationGradientCases(h: Harness): void {
  h.family('activationGradients', () => {
    const shape = [3, 4, 5];
    const dy = randomNd(shape, 901, -3, 3);
    // Long enough (145 values) that a backend's vector and multi-lane paths run, odd for the tails.
    const long = [5, 29];
    const dyLong = withSpecials(randomNd(long, 904, -3, 3), 3);

    h.group('reluGrad', () => {
      h.test('passes dy where x > 0 and gives 0 elsewhere, x = 0 included', () => {
        const drawn = randomNd(shape, 902, -2, 2);
        const x = { ...drawn, data: [0, -0, ...drawn.data.slice(2)] };
        expectNd(g.reluGrad(f32(dy), f32(x)), zip(dy, x, reluGrad), EXACT);
      });
      h.test('NaN x gives 0; infinite or NaN dy where x <= 0 gives NaN (dy * 0)', () => {
        expectTensor(
          g.reluGrad(
            floats([6], [1, -2, INF, NaN32, 3, -INF]),
            floats([6], [0, -1, -1, 2, NaN32, INF]),
          ),
          { shape: [6], dtype: 'float32', values: [0, 0, NaN32, NaN32, 0, -INF] },
        );
      });
      h.test('on 145 values with NaN, infinities and signed zeros in both operands', () => {
        const x = withSpecials(randomNd(long, 905, -2, 2), 5);
        expectNd(g.reluGrad(f32(dyLong), f32(x)), zip(dyLong, x, reluGrad), EXACT);
      });
    });

    h.group('sigmoidGrad', () => {
      h.test('is dy * y * (1 - y)', () => {
        const y = randomNd(shape, 903, 0, 1);
        expectNd(g.sigmoidGrad(f32(dy), f32(y)), zip(dy, y, sigmoidGrad), h.tol('elementwise'));
      });
      h.test('on 145 values with NaN, infinities and signed zeros in both operands', () => {
        const y = withSpecials(randomNd(long, 906, -0.5, 1.5), 5);
        expectNd(
          g.sigmoidGrad(f32(dyLong), f32(y)),
          zip(dyLong, y, sigmoidGrad),
          h.tol('elementwise'),
        );
      });
    });

    h.group('tanhGrad', () => {
      h.test('is dy * (1 - y²)', () => {
        const y = randomNd(shape, 907, -1, 1);
        expectNd(g.tanhGrad(f32(dy), f32(y)), zip(dy, y, tanhGrad), h.tol('elementwise'));
      });
      h.test('on 145 values with NaN, infinities and signed zeros in both operands', () => {
        const y = withSpecials(randomNd(long, 908, -1.5, 1.5), 5);
        expectNd(g.tanhGrad(f32(dyLong), f32(y)), zip(dyLong, y, tanhGrad), h.tol('elementwise'));
      });
    });

    h.test('scalars and empty tensors keep their shape', () => {
      expectTensor(g.sigmoidGrad(floats([], [2]), floats([], [0.25])), {
        shape: [],
        dtype: 'float32',
        values: [0.375],
      });
      expectTensor(g.tanhGrad(floats([], [2]), floats([], [0.5])), {
        shape: [],
        dtype: 'float32',
        values: [1.5],
      });
      expectTensor(g.reluGrad(g.zeros([2, 0]), g.zeros([2, 0])), {
        shape: [2, 0],
        dtype: 'float32',
        values: [],
      });
    });
  });
}
