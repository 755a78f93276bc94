/**
 * Gradient checks: for every differentiable kernel, the gradients autograd computes on this backend
 * against central finite differences, differenced and summed in float64 on the host
 * (`checkGradient` of @glia/autograd). Inputs are seeded and kept away from kinks (0 for abs and
 * relu, ties for max and pooling, the jumps of mod), and each kernel states its step and tolerance.
 * Non-scalar results are checked through a fixed random projection, so every output counts.
 */

import {
  checkGradientAsync,
  type DifferentiableKernelName,
  type GradientTolerance,
  grad,
  valueAndGrad,
} from '@glia/autograd';
import type { Conv2dOptions, Pool2dOptions, Tensor } from '@glia/core';
import * as g from '@glia/core';
import { expect } from 'vitest';
import { floats, ints } from '../fixtures';
import type { Harness } from '../harness';
import { TestRandom } from '../reference/nd';

/** One kernel's check: a function that reaches the kernel, its inputs, the step and tolerance. */
interface GradientCase {
  /** Reaches the kernel through its op (other kernels on the way have their own cases). */
  f: (...inputs: Tensor[]) => Tensor;
  inputs: () => Tensor[];
  /** Half-width of the central difference. */
  epsilon: number;
  tolerance: GradientTolerance;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Seeded uniform values in [lo, hi) at least `gap` away from every kink. */
function uniform(
  shape: number[],
  seed: number,
  lo = -2,
  hi = 2,
  kinks: number[] = [],
  gap = 0.15,
): Tensor {
  const rng = new TestRandom(seed);
  const values: number[] = [];
  while (values.length < size(shape)) {
    const v = rng.uniform(lo, hi);
    if (kinks.every((k) => Math.abs(v - k) >= gap)) values.push(v);
  }
  return floats(shape, values);
}

/** Distinct values spaced `gap` apart in a seeded order: no ties for max, min and pooling. */
function distinct(shape: number[], seed: number, gap = 0.05): Tensor {
  const rng = new TestRandom(seed);
  const values = Array.from({ length: size(shape) }, (_, i) => (i - size(shape) / 2) * gap);
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return floats(shape, values);
}

// Step and tolerance tiers. Smooth float32 functions: truncation ~ε², rounding ~1e-7/ε.
const SMOOTH = { epsilon: 1e-3, tolerance: { rtol: 1e-2, atol: 1e-3 } };
// Sums over windows and matrix products accumulate more float32 rounding per output.
const ACCUMULATING = { epsilon: 1e-3, tolerance: { rtol: 1e-2, atol: 3e-3 } };

const CONV: Conv2dOptions = { strides: [2, 1], padding: 'same' };
const X_SHAPE = [2, 4, 5, 2];
const FILTER_SHAPE = [2, 3, 2, 3];
const CONV_OUT = [2, 2, 5, 3];
const POOL: Pool2dOptions = { poolSize: [2, 3], strides: [2, 1], padding: 'same' };
const POOL_IN = [1, 4, 5, 2];
const POOL_OUT = [1, 2, 5, 2];

const unary = (
  op: (x: Tensor) => Tensor,
  lo = -2,
  hi = 2,
  kinks: number[] = [],
  gap = 0.15,
): GradientCase => ({ f: op, inputs: () => [uniform([2, 3], 1, lo, hi, kinks, gap)], ...SMOOTH });

/** Binary kernels are checked with broadcasting, so the reduction back to each shape counts too. */
const binary = (op: (a: Tensor, b: Tensor) => Tensor, lo = -2, hi = 2): GradientCase => ({
  f: op,
  inputs: () => [uniform([2, 3], 2, lo, hi), uniform([3], 3, lo, hi)],
  ...SMOOTH,
});

const CASES: { [K in DifferentiableKernelName]: GradientCase } = {
  // elementwise unary
  neg: unary(g.neg),
  abs: unary(g.abs, -2, 2, [0]),
  square: unary(g.square),
  relu: unary(g.relu, -2, 2, [0]),
  exp: unary(g.exp),
  expm1: unary(g.expm1),
  log: unary(g.log, 0.3, 3),
  log1p: unary(g.log1p, -0.6, 2),
  sqrt: unary(g.sqrt, 0.3, 3),
  rsqrt: unary(g.rsqrt, 0.3, 3),
  reciprocal: unary(g.reciprocal, -3, 3, [0], 0.4),
  sin: unary(g.sin, -3, 3),
  cos: unary(g.cos, -3, 3),
  tanh: unary(g.tanh),
  sigmoid: unary(g.sigmoid, -4, 4),
  // The gradient kernels of relu, sigmoid and tanh, differentiated again (x of reluGrad has none).
  reluGrad: {
    f: (dy, x) => g.reluGrad(dy, x),
    inputs: () => [uniform([2, 3], 40), uniform([2, 3], 41, -2, 2, [0])],
    ...SMOOTH,
  },
  sigmoidGrad: {
    f: (dy, y) => g.sigmoidGrad(dy, y),
    inputs: () => [uniform([2, 3], 42), uniform([2, 3], 43, 0.05, 0.95)],
    ...SMOOTH,
  },
  tanhGrad: {
    f: (dy, y) => g.tanhGrad(dy, y),
    inputs: () => [uniform([2, 3], 44), uniform([2, 3], 45, -0.95, 0.95)],
    ...SMOOTH,
  },
  erf: unary(g.erf),
  identity: unary((x) => x.clone()),
  // x + trunc(x): the float → int → float round trip carries no gradient, the rest carries 1.
  cast: unary((x) => g.add(x, g.cast(g.cast(x, 'int32'), 'float32')), -2, 2, [-1, 0, 1, 2]),

  // elementwise binary and where
  add: binary(g.add),
  sub: binary(g.sub),
  mul: binary(g.mul),
  div: binary(g.div, 0.5, 2),
  pow: binary(g.pow, 0.5, 2),
  squaredDifference: binary(g.squaredDifference),
  // a / b kept away from integers, where a mod b jumps
  mod: {
    f: g.mod,
    inputs: () => [floats([2, 3], [0.3, 1.4, 2.6, -0.7, 3.3, -2.2]), floats([3], [1, 1.5, -1.25])],
    ...SMOOTH,
  },
  maximum: {
    f: g.maximum,
    inputs: () => [floats([2, 3], [0.5, -1, 2, 1.5, 0, -2]), floats([3], [1, -0.5, 1.2])],
    ...SMOOTH,
  },
  minimum: {
    f: g.minimum,
    inputs: () => [floats([2, 3], [0.5, -1, 2, 1.5, 0, -2]), floats([3], [1, -0.5, 1.2])],
    ...SMOOTH,
  },
  where: {
    f: (a, b) => g.where(g.tensor([true, false, true]), a, b),
    inputs: () => [uniform([2, 3], 4), uniform([2, 1], 5)],
    ...SMOOTH,
  },

  // activations
  relu6: unary(g.relu6, -2, 8, [0, 6]),
  leakyRelu: unary((x) => g.leakyRelu(x, 0.3), -2, 2, [0]),
  elu: unary(g.elu, -2, 2, [0]),
  selu: unary(g.selu, -2, 2, [0]),
  gelu: unary((x) => g.add(g.gelu(x), g.gelu(x, true)), -3, 3),
  softplus: unary(g.softplus, -4, 4),
  clipByValue: unary((x) => g.clipByValue(x, -1, 0.5), -2, 2, [-1, 0.5]),
  softmax: { f: (x) => g.softmax(x, 0), inputs: () => [uniform([3, 4], 6)], ...SMOOTH },
  logSoftmax: { f: (x) => g.logSoftmax(x), inputs: () => [uniform([3, 4], 7)], ...SMOOTH },

  // reductions
  sum: { f: (x) => g.sum(x, [0, 2]), inputs: () => [uniform([2, 3, 2], 8)], ...SMOOTH },
  mean: { f: (x) => g.mean(x, 1, true), inputs: () => [uniform([2, 3, 2], 9)], ...SMOOTH },
  prod: { f: (x) => g.prod(x, 1), inputs: () => [uniform([2, 3, 2], 10, 0.5, 1.5)], ...SMOOTH },
  max: { f: (x) => g.max(x, [0, 2]), inputs: () => [distinct([2, 3, 2], 11)], ...SMOOTH },
  min: { f: (x) => g.min(x, 1), inputs: () => [distinct([2, 3, 2], 12)], ...SMOOTH },
  logSumExp: { f: (x) => g.logSumExp(x, -1), inputs: () => [uniform([2, 3, 2], 13)], ...SMOOTH },
  moments: {
    f: (x) => {
      const { mean, variance } = g.moments(x, [0, 1]);
      return g.mul(mean, variance);
    },
    inputs: () => [uniform([2, 3, 2], 14)],
    ...SMOOTH,
  },

  // movement
  reshape: { f: (x) => g.reshape(x, [3, 4]), inputs: () => [uniform([2, 3, 2], 15)], ...SMOOTH },
  broadcastTo: {
    f: (x) => g.broadcastTo(x, [2, 3, 4]),
    inputs: () => [uniform([3, 1], 16)],
    ...SMOOTH,
  },
  transpose: {
    f: (x) => g.transpose(x, [2, 0, 1]),
    inputs: () => [uniform([2, 3, 2], 17)],
    ...SMOOTH,
  },
  reverse: { f: (x) => g.reverse(x, [0, 2]), inputs: () => [uniform([2, 3, 2], 18)], ...SMOOTH },
  slice: {
    f: (x) => g.slice(x, [0, 1, 0], [2, 2, 1]),
    inputs: () => [uniform([2, 3, 2], 19)],
    ...SMOOTH,
  },
  pad: {
    f: (x) =>
      g.pad(
        x,
        [
          [1, 0],
          [2, 1],
        ],
        3,
      ),
    inputs: () => [uniform([2, 3], 20)],
    ...SMOOTH,
  },
  concat: {
    f: (a, b) => g.concat([a, b, a], 1),
    inputs: () => [uniform([2, 1], 21), uniform([2, 3], 22)],
    ...SMOOTH,
  },
  // uneven pieces, one of size 0 and one unused (its gradient is zeros), each weighted differently
  split: {
    f: (x) => {
      const [a, , b] = g.split(x, [1, 0, 2, 1], 1) as [Tensor, Tensor, Tensor];
      return g.concat([g.square(a), g.mul(b, 3)], 1);
    },
    inputs: () => [uniform([2, 4, 2], 49)],
    ...SMOOTH,
  },
  tile: { f: (x) => g.tile(x, [2, 1, 3]), inputs: () => [uniform([2, 3, 1], 23)], ...SMOOTH },
  // repeated indices add up; the int32 indices are passed through as constants
  gather: {
    f: (x, indices) => g.gather(x, indices, 1),
    inputs: () => [uniform([2, 3, 2], 24), ints([2, 2], [2, 0, 2, 2])],
    ...SMOOTH,
  },
  // an id out of range drops its slice, which then gets no gradient
  unsortedSegmentSum: {
    f: (x, ids) => g.unsortedSegmentSum(x, ids, 3, 1),
    inputs: () => [uniform([2, 4], 25), ints([4], [1, 0, 1, 5])],
    ...SMOOTH,
  },

  // linear algebra
  batchMatMul: {
    f: (a, b) => g.matMul(a, b, true, false),
    inputs: () => [uniform([2, 4, 3], 26), uniform([2, 4, 2], 27)],
    ...ACCUMULATING,
  },

  // convolution
  conv2d: {
    f: (x, filter) => g.conv2d(x, filter, CONV),
    inputs: () => [uniform(X_SHAPE, 28, -1, 1), uniform(FILTER_SHAPE, 29, -1, 1)],
    ...ACCUMULATING,
  },
  conv2dBackpropInput: {
    f: (dy, filter) => g.conv2dBackpropInput(dy, filter, X_SHAPE, CONV),
    inputs: () => [uniform(CONV_OUT, 30, -1, 1), uniform(FILTER_SHAPE, 31, -1, 1)],
    ...ACCUMULATING,
  },
  conv2dBackpropFilter: {
    f: (x, dy) => g.conv2dBackpropFilter(x, dy, FILTER_SHAPE, CONV),
    inputs: () => [uniform(X_SHAPE, 32, -1, 1), uniform(CONV_OUT, 33, -1, 1)],
    ...ACCUMULATING,
  },

  // fused: inputs in [-0.5, 0.5] keep |conv| <= 3 and |product| <= 1, so biases of ±5 and ±2 put
  // every pre-activation far from relu's kink (the negative channels are cut: gradient 0)
  fusedConv2d: {
    f: (x, filter, bias) => g.fusedConv2d(x, filter, bias, { ...CONV, activation: 'relu' }),
    inputs: () => [
      uniform(X_SHAPE, 60, -0.5, 0.5),
      uniform(FILTER_SHAPE, 61, -0.5, 0.5),
      floats([3], [5, -5, 5]),
    ],
    ...ACCUMULATING,
  },
  fusedMatMul: {
    f: (a, b, bias) => g.fusedMatMul(a, b, bias, { transposeB: true, activation: 'relu' }),
    inputs: () => [
      uniform([3, 4], 62, -0.5, 0.5),
      uniform([5, 4], 63, -0.5, 0.5),
      floats([5], [2, -2, 2, -2, 2]),
    ],
    ...ACCUMULATING,
  },

  // pooling: distinct inputs keep every window's maximum unique under the steps
  maxPool: {
    f: (x) => g.maxPool2d(x, POOL),
    inputs: () => [distinct(POOL_IN, 34, 0.02)],
    ...SMOOTH,
  },
  avgPool: { f: (x) => g.avgPool2d(x, POOL), inputs: () => [uniform(POOL_IN, 35)], ...SMOOTH },
  maxPoolGrad: {
    f: (dy, x) => g.maxPoolGrad(dy, x, POOL),
    inputs: () => [uniform(POOL_OUT, 36), distinct(POOL_IN, 37, 0.02)],
    ...SMOOTH,
  },
  avgPoolGrad: {
    f: (dy) => g.avgPoolGrad(dy, POOL_IN, POOL),
    inputs: () => [uniform(POOL_OUT, 38)],
    ...SMOOTH,
  },

  // normalisation
  batchNorm: {
    f: (x, mean, variance, offset, scale) =>
      g.batchNorm(x, mean, variance, { offset, scale, epsilon: 1e-3 }),
    inputs: () => [
      uniform([2, 3, 4], 39),
      uniform([4], 40),
      uniform([4], 41, 0.5, 2),
      uniform([4], 42),
      uniform([4], 43),
    ],
    ...ACCUMULATING,
  },
};

/** Gradients of gradients for elementwise ops, matMul and reductions. */
const SECOND_ORDER: Record<string, GradientCase> = {
  'tanh (d²/dx² = -2 tanh x (1 - tanh² x))': {
    f: (x) => grad((x) => g.sum(g.tanh(x)))(x),
    inputs: () => [uniform([2, 3], 44)],
    ...SMOOTH,
  },
  'mul and div': {
    f: (x) => grad((x) => g.sum(g.div(g.mul(x, x), g.add(g.square(x), 1))))(x),
    inputs: () => [uniform([2, 3], 45)],
    ...SMOOTH,
  },
  'sum(square(A·B))': {
    f: (a) =>
      grad((a) => g.sum(g.square(g.matMul(a, floats([3, 2], [0.5, -1, 0.25, 2, -0.75, 1])))))(a),
    inputs: () => [uniform([2, 3], 46)],
    ...ACCUMULATING,
  },
  'logSumExp and mean': {
    f: (x) => grad((x) => g.add(g.logSumExp(x), g.mean(g.exp(x))))(x),
    inputs: () => [uniform([2, 3], 47)],
    ...SMOOTH,
  },
};

/**
 * Checks one case's gradients, reading with `await` (so that backends without synchronous reads run
 * it too), and disposes its inputs.
 */
async function expectGradientsMatch(c: GradientCase): Promise<void> {
  const inputs = c.inputs();
  try {
    const result = await checkGradientAsync(c.f, inputs, {
      epsilon: c.epsilon,
      tolerance: c.tolerance,
    });
    expect(result.message).toBe('');
  } finally {
    g.dispose(inputs);
  }
}

export function defineGradientCases(h: Harness): void {
  h.family('gradients', () => {
    h.group('kernels', () => {
      for (const [kernel, c] of Object.entries(CASES) as [
        DifferentiableKernelName,
        GradientCase,
      ][]) {
        h.testAsync(
          `${kernel} (epsilon ${c.epsilon}, rtol ${c.tolerance.rtol}, atol ${c.tolerance.atol})`,
          () => expectGradientsMatch(c),
        );
      }
    });
    h.group('second order', () => {
      for (const [label, c] of Object.entries(SECOND_ORDER)) {
        h.testAsync(label, () => expectGradientsMatch(c));
      }
    });
    h.group('memory', () => {
      h.test('a gradient call adds only its results, and nothing when f throws', () => {
        const x = uniform([3], 48);
        const before = g.memory().numTensors;
        const { value, grad: dx } = valueAndGrad((x) => g.sum(g.exp(g.mul(x, x))))(x);
        expect(g.memory().numTensors).toBe(before + 2);
        g.dispose([value, dx]);
        expect(() =>
          grad((x) => {
            g.exp(x);
            throw new Error('f failed');
          })(x),
        ).toThrow('f failed');
        expect(g.memory().numTensors).toBe(before);
      });
    });
  });
}
