/** Elementwise unary ops and activations: float64 references, special values, dtypes, ranks 0-6. */

import type { Tensor, TensorInput } from '@glia/core';
import * as g from '@glia/core';
import { EXACT, expectNd, expectTensor } from '../assert';
import { bools, f32, floats, INF, ints, NaN32 } from '../fixtures';
import type { Harness } from '../harness';
import {
  gelu,
  SELU_ALPHA,
  SELU_SCALE,
  UNARY_FLOAT,
  UNARY_INT,
  UNARY_NUMERIC,
} from '../reference/elementwise';
import { map, nd, randomNd } from '../reference/nd';

type UnaryOp = (x: TensorInput) => Tensor;

interface FloatCase {
  op: UnaryOp;
  /** Input range for the reference comparison. */
  range: [number, number];
  /** Hand-computed special values: inputs and outputs. */
  special: [number[], number[]];
  exact?: boolean;
}

const FLOAT_OPS: Record<string, FloatCase> = {
  exp: {
    op: g.exp,
    range: [-5, 5],
    special: [
      [0, -INF, INF, NaN32, 100, -200],
      [1, 0, INF, NaN32, INF, 0],
    ],
  },
  expm1: {
    op: g.expm1,
    range: [-1, 1],
    special: [
      [0, -INF, INF, NaN32, 1e-7],
      [0, -1, INF, NaN32, 1e-7],
    ],
  },
  log: {
    op: g.log,
    range: [0.01, 10],
    special: [
      [1, 0, -1, INF, NaN32, Math.E],
      [0, -INF, NaN32, INF, NaN32, 1],
    ],
  },
  log1p: {
    op: g.log1p,
    range: [-0.9, 5],
    special: [
      [0, -1, -2, INF, NaN32, 1e-7],
      [0, -INF, NaN32, INF, NaN32, 1e-7],
    ],
  },
  sqrt: {
    op: g.sqrt,
    range: [0, 10],
    special: [
      [0, 4, -1, INF, NaN32, 2.25],
      [0, 2, NaN32, INF, NaN32, 1.5],
    ],
  },
  rsqrt: {
    op: g.rsqrt,
    range: [0.01, 10],
    special: [
      [4, 0, -1, INF, NaN32],
      [0.5, INF, NaN32, 0, NaN32],
    ],
  },
  reciprocal: {
    op: g.reciprocal,
    range: [0.1, 5],
    special: [
      [2, 0, INF, -INF, NaN32, -4],
      [0.5, INF, 0, 0, NaN32, -0.25],
    ],
  },
  sin: {
    op: g.sin,
    range: [-10, 10],
    special: [
      [0, INF, -INF, NaN32, Math.PI / 2],
      [0, NaN32, NaN32, NaN32, 1],
    ],
  },
  cos: {
    op: g.cos,
    range: [-10, 10],
    special: [
      [0, INF, NaN32, Math.PI],
      [1, NaN32, NaN32, -1],
    ],
  },
  tanh: {
    op: g.tanh,
    range: [-5, 5],
    special: [
      [0, INF, -INF, 100, -100, NaN32],
      [0, 1, -1, 1, -1, NaN32],
    ],
  },
  sigmoid: {
    op: g.sigmoid,
    range: [-10, 10],
    special: [
      [0, 100, -100, INF, -INF, NaN32, 1e4, -1e4],
      [0.5, 1, 0, 1, 0, NaN32, 1, 0],
    ],
  },
  erf: {
    op: g.erf,
    range: [-3, 3],
    special: [
      [0, INF, -INF, NaN32, 6, -6, 0.5],
      [0, 1, -1, NaN32, 1, -1, 0.5204998778130465],
    ],
  },
  floor: {
    op: g.floor,
    range: [-5, 5],
    special: [
      [-1.5, 1.5, -2, INF, -INF, NaN32],
      [-2, 1, -2, INF, -INF, NaN32],
    ],
    exact: true,
  },
  ceil: {
    op: g.ceil,
    range: [-5, 5],
    special: [
      [-1.5, 1.5, 2, INF, -INF, NaN32],
      [-1, 2, 2, INF, -INF, NaN32],
    ],
    exact: true,
  },
  round: {
    op: g.round,
    range: [-5, 5],
    special: [
      [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, NaN32, INF],
      [0, 2, 2, 0, -2, -2, 2, 3, -3, NaN32, INF],
    ],
    exact: true,
  },
};

/** Float ops that keep int32 (and promote bool to int32), as relu does. */
const ROUNDING_OPS = new Set(['floor', 'ceil', 'round']);

const NUMERIC_OPS: Record<string, UnaryOp> = {
  neg: g.neg,
  abs: g.abs,
  sign: g.sign,
  square: g.square,
  relu: g.relu,
};

const INT_EDGES = [5, -3, 0, 2147483647, -2147483648, 65536, 46341];

/** Shapes of ranks 0 to 6 (with size-1 dimensions to catch stride bugs). */
export const RANK_SHAPES: readonly number[][] = [
  [],
  [3],
  [2, 3],
  [2, 1, 3],
  [2, 3, 1, 2],
  [1, 2, 3, 1, 2],
  [2, 1, 2, 1, 2, 3],
];

export function defineUnaryCases(h: Harness): void {
  h.family('unary', () => {
    for (const [name, c] of Object.entries(FLOAT_OPS)) {
      h.group(name, () => {
        const tol = c.exact ? EXACT : h.tol('transcendental');
        h.test('matches the float64 reference on a [3,4] grid', () => {
          const x = randomNd([3, 4], name.length * 7919, c.range[0], c.range[1]);
          expectNd(c.op(f32(x)), map(x, UNARY_FLOAT[name]!), tol);
        });
        h.test('special values (0, ±Infinity, NaN, domain edges)', () => {
          const [inputs, outputs] = c.special;
          expectTensor(
            c.op(floats([inputs.length], inputs)),
            { shape: [inputs.length], dtype: 'float32', values: outputs },
            tol,
          );
        });
        if (ROUNDING_OPS.has(name)) {
          h.test('int32 input stays int32 (rounding an integer is the identity)', () => {
            expectTensor(c.op(ints([4], [-3, 0, 7, 16777216])), {
              shape: [4],
              dtype: 'int32',
              values: [-3, 0, 7, 16777216],
            });
          });
        } else {
          h.test('int32 input computes in float32', () => {
            const out = c.op(ints([2, 2], [1, 2, 3, 4]));
            expectNd(out, map(nd([2, 2], [1, 2, 3, 4]), UNARY_FLOAT[name]!), tol);
          });
        }
        h.test('size-0 input gives an empty float32 result', () => {
          expectTensor(c.op(g.zeros([2, 0, 3])), {
            shape: [2, 0, 3],
            dtype: 'float32',
            values: [],
          });
        });
      });
    }

    for (const [name, op] of Object.entries(NUMERIC_OPS)) {
      h.group(name, () => {
        h.test('float32 matches the reference, ±Infinity included', () => {
          const x = nd([2, 4], [-2.5, -1, 0, 0.5, 3, 1e30, INF, -INF]);
          expectNd(op(f32(x)), map(x, UNARY_NUMERIC[name]!), h.tol('elementwise'));
        });
        h.test('int32 stays int32 and wraps like a 32-bit integer', () => {
          const expected = INT_EDGES.map(UNARY_INT[name]!);
          expectTensor(op(ints([INT_EDGES.length], INT_EDGES)), {
            shape: [INT_EDGES.length],
            dtype: 'int32',
            values: expected,
          });
        });
        h.test('bool input is promoted to int32', () => {
          const expected = [1, 0].map(UNARY_INT[name]!);
          expectTensor(op(bools([2], [true, false])), {
            shape: [2],
            dtype: 'int32',
            values: expected,
          });
        });
      });
    }
    h.test('sign: NaN stays NaN, zero is zero', () => {
      expectTensor(g.sign(floats([4], [NaN32, 0, -0.001, INF])), {
        shape: [4],
        dtype: 'float32',
        values: [NaN32, 0, -1, 1],
      });
    });

    h.group('predicates', () => {
      h.test('isNaN on float32 returns bool', () => {
        expectTensor(g.isNaN(floats([4], [NaN32, 1, INF, -INF])), {
          shape: [4],
          dtype: 'bool',
          values: [true, false, false, false],
        });
      });
      h.test('isFinite on float32 returns bool', () => {
        expectTensor(g.isFinite(floats([4], [NaN32, 1, INF, -INF])), {
          shape: [4],
          dtype: 'bool',
          values: [false, true, false, false],
        });
      });
      h.test('isNaN and isFinite on int32', () => {
        const x = ints([3], [0, -2147483648, 2147483647]);
        expectTensor(g.isNaN(x), { shape: [3], dtype: 'bool', values: [false, false, false] });
        expectTensor(g.isFinite(x), { shape: [3], dtype: 'bool', values: [true, true, true] });
      });
      h.test('logicalNot on bool', () => {
        expectTensor(g.logicalNot(bools([2, 2], [true, false, false, true])), {
          shape: [2, 2],
          dtype: 'bool',
          values: [false, true, true, false],
        });
      });
    });

    h.group('activations', () => {
      const x = randomNd([4, 5], 77, -4, 8);
      const special = [0, 100, -100, INF, -INF, NaN32];
      h.test('relu6 matches the reference', () => {
        expectNd(g.relu6(f32(x)), map(x, UNARY_FLOAT.relu6!), h.tol('elementwise'));
      });
      h.test('leakyRelu uses alpha 0.2 by default', () => {
        expectNd(
          g.leakyRelu(f32(x)),
          map(x, (v) => (v > 0 ? v : 0.2 * v)),
          h.tol('elementwise'),
        );
      });
      h.test('leakyRelu with alpha 0.01', () => {
        expectNd(
          g.leakyRelu(f32(x), 0.01),
          map(x, (v) => (v > 0 ? v : 0.01 * v)),
          h.tol('elementwise'),
        );
      });
      h.test('elu matches the reference', () => {
        expectNd(g.elu(f32(x)), map(x, UNARY_FLOAT.elu!), h.tol('transcendental'));
      });
      h.test('selu matches the reference (Klambauer constants)', () => {
        expectNd(g.selu(f32(x)), map(x, UNARY_FLOAT.selu!), h.tol('transcendental'));
        expectTensor(
          g.selu(floats([2], [1, -INF])),
          { shape: [2], values: [SELU_SCALE, -SELU_SCALE * SELU_ALPHA] },
          h.tol('transcendental'),
        );
      });
      h.test('gelu (exact, with erf) matches the reference', () => {
        expectNd(
          g.gelu(f32(x)),
          map(x, (v) => gelu(v, false)),
          h.tol('transcendental'),
        );
      });
      h.test('gelu (tanh approximation) matches the reference', () => {
        expectNd(
          g.gelu(f32(x), true),
          map(x, (v) => gelu(v, true)),
          h.tol('transcendental'),
        );
      });
      h.test('softplus matches the reference', () => {
        expectNd(g.softplus(f32(x)), map(x, UNARY_FLOAT.softplus!), h.tol('transcendental'));
      });
      h.test('softplus(±100), ±1e4 and ±Infinity do not overflow', () => {
        const inputs = [100, -100, 1e4, -1e4, INF, -INF, 0];
        expectTensor(
          g.softplus(floats([7], inputs)),
          { shape: [7], dtype: 'float32', values: [100, 0, 1e4, 0, INF, 0, Math.LN2] },
          h.tol('transcendental'),
        );
      });
      h.test('sigmoid, tanh, elu, relu and relu6 at large magnitudes and NaN', () => {
        const t = floats([6], special);
        expectTensor(g.relu(t), { shape: [6], values: [0, 100, 0, INF, 0, NaN32] }, EXACT);
        expectTensor(
          g.sigmoid(t),
          { shape: [6], values: [0.5, 1, 0, 1, 0, NaN32] },
          h.tol('transcendental'),
        );
        expectTensor(
          g.tanh(t),
          { shape: [6], values: [0, 1, -1, 1, -1, NaN32] },
          h.tol('transcendental'),
        );
        expectTensor(
          g.elu(t),
          { shape: [6], values: [0, 100, -1, INF, -1, NaN32] },
          h.tol('transcendental'),
        );
        expectTensor(
          g.relu6(t),
          { shape: [6], values: [0, 6, 0, 6, 0, NaN32] },
          h.tol('elementwise'),
        );
      });
      h.test(
        'exp, sigmoid and tanh on 145 values over [-30, 30] (long enough for vector paths)',
        () => {
          const wide = randomNd([5, 29], 79, -30, 30);
          for (const [name, op] of [
            ['exp', g.exp],
            ['sigmoid', g.sigmoid],
            ['tanh', g.tanh],
          ] as const)
            expectNd(op(f32(wide)), map(wide, UNARY_FLOAT[name]!), h.tol('transcendental'));
        },
      );
      h.test('clipByValue on float32 keeps NaN', () => {
        expectTensor(g.clipByValue(floats([5], [-3, 0.5, 3, NaN32, INF]), -1, 1), {
          shape: [5],
          dtype: 'float32',
          values: [-1, 0.5, 1, NaN32, 1],
        });
      });
      h.test('clipByValue keeps int32', () => {
        expectTensor(g.clipByValue(ints([4], [-5, 0, 5, 10]), -2, 6), {
          shape: [4],
          dtype: 'int32',
          values: [-2, 0, 5, 6],
        });
      });
      h.test('relu6 keeps int32, as relu (bool becomes int32)', () => {
        expectTensor(g.relu6(ints([3], [-1, 3, 9])), {
          shape: [3],
          dtype: 'int32',
          values: [0, 3, 6],
        });
        expectTensor(g.relu6(bools([2], [true, false])), {
          shape: [2],
          dtype: 'int32',
          values: [1, 0],
        });
      });
      h.test('other activations of int32 input compute in float32', () => {
        expectTensor(
          g.elu(ints([3], [-1, 3, 9])),
          { shape: [3], dtype: 'float32', values: [Math.expm1(-1), 3, 9] },
          h.tol('transcendental'),
        );
      });
    });

    h.group('ranks', () => {
      RANK_SHAPES.forEach((shape, rank) => {
        h.test(`neg and sigmoid keep a rank-${rank} shape [${shape.join(',')}]`, () => {
          const x = randomNd(shape, 100 + rank, -3, 3);
          expectNd(
            g.neg(f32(x)),
            map(x, (v) => -v),
            EXACT,
          );
          expectNd(g.sigmoid(f32(x)), map(x, UNARY_FLOAT.sigmoid!), h.tol('transcendental'));
        });
      });
      h.test('size-0 int32 and bool inputs keep their shape and dtype', () => {
        expectTensor(g.abs(g.zeros([0, 4], 'int32')), {
          shape: [0, 4],
          dtype: 'int32',
          values: [],
        });
        expectTensor(g.logicalNot(g.zeros([3, 0], 'bool')), {
          shape: [3, 0],
          dtype: 'bool',
          values: [],
        });
      });
    });
  });
}
