/** Elementwise binary ops, comparisons, logic and where: references, broadcasting, dtype rules. */

import type { Tensor, TensorInput } from '@glia/core';
import * as g from '@glia/core';
import { EXACT, expectNd, expectTensor } from '../assert';
import { bools, f32, floats, INF, ints, NaN32 } from '../fixtures';
import type { Harness } from '../harness';
import { BINARY_FLOAT, BINARY_INT, COMPARE } from '../reference/elementwise';
import { map, type Nd, randomIntNd, randomNd, zip, zip3 } from '../reference/nd';

type BinaryOp = (a: TensorInput, b: TensorInput) => Tensor;

const ARITHMETIC: Record<string, BinaryOp> = {
  add: g.add,
  sub: g.sub,
  mul: g.mul,
  div: g.div,
  floorDiv: g.floorDiv,
  mod: g.mod,
  pow: g.pow,
  maximum: g.maximum,
  minimum: g.minimum,
  squaredDifference: g.squaredDifference,
};

const COMPARISONS: Record<string, BinaryOp> = {
  equal: g.equal,
  notEqual: g.notEqual,
  less: g.less,
  lessEqual: g.lessEqual,
  greater: g.greater,
  greaterEqual: g.greaterEqual,
};

/** Operands for an op's reference check, kept inside its domain (no division by ~0, pow of positives). */
function operands(name: string, aShape: number[], bShape: number[], seed: number): [Nd, Nd] {
  const a = randomNd(aShape, seed, -3, 3);
  let b = randomNd(bShape, seed + 1, -3, 3);
  if (name === 'div' || name === 'floorDiv' || name === 'mod')
    b = map(b, (v) => Math.fround(v >= 0 ? v + 0.5 : v - 0.5));
  if (name === 'pow')
    return [map(a, (v) => Math.fround(Math.abs(v) + 0.1)), map(b, (v) => Math.fround(v / 1.5))];
  return [a, b];
}

/** Broadcastable shape pairs: scalars, size-1 and missing dimensions, size-0 dimensions, rank 6. */
export const BROADCAST_PAIRS: readonly [number[], number[]][] = [
  [[], []],
  [[], [3]],
  [[3], []],
  [[1], [5]],
  [[5], [1]],
  [
    [2, 1],
    [1, 3],
  ],
  [
    [4, 1, 3],
    [2, 1],
  ],
  [
    [3, 1, 1],
    [1, 1, 4],
  ],
  [
    [1, 2, 3],
    [4, 1, 1],
  ],
  [[2, 3, 4, 5], [5]],
  [
    [2, 3, 4, 5],
    [3, 1, 5],
  ],
  [[0], [1]],
  [
    [0, 3],
    [1, 3],
  ],
  [
    [2, 0],
    [2, 1],
  ],
  [
    [1, 2, 1, 2, 1, 2],
    [2, 1, 2, 1, 2, 1],
  ],
  [
    [6, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 6],
  ],
];

export function defineBinaryCases(h: Harness): void {
  h.family('binary', () => {
    for (const [name, op] of Object.entries(ARITHMETIC)) {
      h.group(name, () => {
        const tol = name === 'pow' ? h.tol('transcendental') : h.tol('elementwise');
        h.test('float32 [3,4] with [3,4] matches the reference', () => {
          const [a, b] = operands(name, [3, 4], [3, 4], name.length * 31);
          expectNd(op(f32(a), f32(b)), zip(a, b, BINARY_FLOAT[name]!), tol);
        });
        h.test('broadcasts [2,1,4] with [3,1]', () => {
          const [a, b] = operands(name, [2, 1, 4], [3, 1], name.length * 37);
          expectNd(op(f32(a), f32(b)), zip(a, b, BINARY_FLOAT[name]!), tol);
        });
        h.test('rank-0 tensor and plain-number operands', () => {
          const [a, b] = operands(name, [2, 3], [], name.length * 41);
          const bValue = b.data[0]!;
          expectNd(op(f32(a), f32(b)), zip(a, b, BINARY_FLOAT[name]!), tol);
          expectNd(op(f32(a), bValue), zip(a, b, BINARY_FLOAT[name]!), tol);
          if (!['div', 'floorDiv', 'mod', 'pow'].includes(name))
            expectNd(op(bValue, f32(a)), zip(b, a, BINARY_FLOAT[name]!), tol);
        });
        if (name !== 'div' && name !== 'pow') {
          h.test('int32 stays int32 and matches the wrapping reference', () => {
            const a = randomIntNd([3, 4], 5, -20, 20);
            const b = randomIntNd([4], 6, -6, 6);
            expectTensor(op(ints(a.shape, a.data), ints(b.shape, b.data)), {
              shape: [3, 4],
              dtype: 'int32',
              values: zip(a, b, BINARY_INT[name]!).data,
            });
          });
        }
      });
    }

    h.group('dtype rules', () => {
      h.test('add: int32 wraps around at 2^31', () => {
        expectTensor(g.add(ints([2], [2147483647, -2147483648]), ints([2], [1, -1])), {
          shape: [2],
          dtype: 'int32',
          values: [-2147483648, 2147483647],
        });
      });
      h.test('sub and mul: int32 wrap around', () => {
        expectTensor(g.sub(ints([1], [-2147483648]), ints([1], [1])), {
          shape: [1],
          dtype: 'int32',
          values: [2147483647],
        });
        expectTensor(g.mul(ints([3], [65536, 46341, -65536]), ints([3], [65536, 46341, 32768])), {
          shape: [3],
          dtype: 'int32',
          values: [0, -2147479015, -2147483648],
        });
      });
      h.test('floorDiv: int32 rounds toward -Infinity, division by zero gives 0', () => {
        const out = g.floorDiv(
          ints([7], [-7, 7, -7, 7, 0, 5, -1]),
          ints([7], [2, -2, -2, 2, 3, 0, 3]),
        );
        expectTensor(out, { shape: [7], dtype: 'int32', values: [-4, -4, 3, 3, 0, 0, -1] });
      });
      h.test('floorDiv: float32 rounds toward -Infinity', () => {
        const out = g.floorDiv(floats([5], [-7, 7, -7, 7, 7.5]), floats([5], [2, -2, -2, 2, 0.5]));
        expectTensor(out, { shape: [5], dtype: 'float32', values: [-4, -4, 3, 3, 15] });
      });
      h.test('mod: int32 takes the sign of the divisor, mod by zero gives 0', () => {
        const out = g.mod(ints([7], [-7, 7, -7, 7, 0, 5, 6]), ints([7], [2, -2, -2, 2, 3, 0, 3]));
        expectTensor(out, { shape: [7], dtype: 'int32', values: [1, -1, -1, 1, 0, 0, 0] });
      });
      h.test('mod: float32 takes the sign of the divisor', () => {
        const out = g.mod(floats([5], [-7.5, 7.5, -7.5, 7.5, 1]), floats([5], [2, -2, -2, 2, 0]));
        expectTensor(
          out,
          { shape: [5], dtype: 'float32', values: [0.5, -0.5, -1.5, 1.5, NaN32] },
          h.tol('elementwise'),
        );
      });
      h.test('div: int32 operands give float32 true division', () => {
        expectTensor(g.div(ints([4], [7, -7, 1, 0]), ints([4], [2, 2, 0, 0])), {
          shape: [4],
          dtype: 'float32',
          values: [3.5, -3.5, INF, NaN32],
        });
      });
      h.test('pow: int32 stays int32', () => {
        expectTensor(g.pow(ints([5], [2, 3, -2, 0, 5]), ints([5], [10, 2, 3, 0, 1])), {
          shape: [5],
          dtype: 'int32',
          values: [1024, 9, -8, 1, 5],
        });
      });
      h.test('bool arithmetic is promoted to int32', () => {
        expectTensor(g.add(bools([3], [true, true, false]), bools([3], [true, false, false])), {
          shape: [3],
          dtype: 'int32',
          values: [2, 1, 0],
        });
        expectTensor(g.mul(bools([2], [true, false]), true), {
          shape: [2],
          dtype: 'int32',
          values: [1, 0],
        });
      });
      h.test('int32 with float32 is promoted to float32', () => {
        expectTensor(g.add(ints([2], [1, 2]), floats([2], [0.5, 0.25])), {
          shape: [2],
          dtype: 'float32',
          values: [1.5, 2.25],
        });
      });
      h.test('a plain number takes the tensor operand dtype', () => {
        expectTensor(g.add(ints([2], [1, 2]), 3), { shape: [2], dtype: 'int32', values: [4, 5] });
        expectTensor(g.mul(floats([2], [1, 2]), 3), {
          shape: [2],
          dtype: 'float32',
          values: [3, 6],
        });
      });
    });

    h.group('NaN and Infinity', () => {
      const tol = h.tol('elementwise');
      h.test('add, sub and mul propagate NaN and follow IEEE for Infinity', () => {
        const a = floats([4], [INF, NaN32, INF, 0]);
        const b = floats([4], [-INF, 1, INF, INF]);
        expectTensor(g.add(a, b), { shape: [4], values: [NaN32, NaN32, INF, INF] }, tol);
        expectTensor(g.sub(a, b), { shape: [4], values: [INF, NaN32, NaN32, -INF] }, tol);
        expectTensor(g.mul(a, b), { shape: [4], values: [-INF, NaN32, INF, NaN32] }, tol);
      });
      h.test('div by zero gives ±Infinity, 0/0 gives NaN', () => {
        expectTensor(
          g.div(floats([4], [1, -1, 0, INF]), floats([4], [0, 0, 0, INF])),
          { shape: [4], values: [INF, -INF, NaN32, NaN32] },
          tol,
        );
      });
      h.test('maximum and minimum propagate NaN', () => {
        const a = floats([4], [NaN32, 1, -INF, 2]);
        const b = floats([4], [1, NaN32, 3, INF]);
        expectTensor(g.maximum(a, b), { shape: [4], values: [NaN32, NaN32, 3, INF] }, tol);
        expectTensor(g.minimum(a, b), { shape: [4], values: [NaN32, NaN32, -INF, 2] }, tol);
      });
      h.test('pow edge cases: 0^0, negative bases, 0^-1', () => {
        const a = floats([6], [0, -2, -2, -2, 0, NaN32]);
        const b = floats([6], [0, 2, 3, 0.5, -1, 0]);
        expectTensor(
          g.pow(a, b),
          { shape: [6], values: [1, 4, -8, NaN32, INF, 1] },
          h.tol('transcendental'),
        );
      });
      h.test('float32 overflow gives Infinity', () => {
        expectTensor(
          g.mul(floats([2], [1e30, -1e30]), floats([2], [1e30, 1e30])),
          { shape: [2], values: [INF, -INF] },
          tol,
        );
        expectTensor(
          g.add(floats([1], [3e38]), floats([1], [3e38])),
          { shape: [1], values: [INF] },
          tol,
        );
      });
    });

    h.group('broadcasting', () => {
      for (const [aShape, bShape] of BROADCAST_PAIRS) {
        h.test(`[${aShape.join(',')}] with [${bShape.join(',')}]: add, sub, mul, maximum`, () => {
          const a = randomNd(aShape, aShape.length * 13 + 1, -2, 2);
          const b = randomNd(bShape, bShape.length * 17 + 2, -2, 2);
          for (const name of ['add', 'sub', 'mul', 'maximum']) {
            expectNd(
              ARITHMETIC[name]!(f32(a), f32(b)),
              zip(a, b, BINARY_FLOAT[name]!),
              h.tol('elementwise'),
            );
          }
        });
      }
    });

    h.group('comparisons', () => {
      const a = [1, 2, NaN32, INF, -0, 3];
      const b = [2, 2, NaN32, INF, 0, -INF];
      for (const [name, op] of Object.entries(COMPARISONS)) {
        h.test(`${name}: float32 returns bool, NaN compares false (except notEqual)`, () => {
          const expected = a.map((v, i) => COMPARE[name]!(v, b[i]!) === 1);
          expectTensor(op(floats([6], a), floats([6], b)), {
            shape: [6],
            dtype: 'bool',
            values: expected,
          });
        });
        h.test(`${name}: int32 broadcast [3,1] with [1,4]`, () => {
          const x = randomIntNd([3, 1], 9, -2, 2);
          const y = randomIntNd([1, 4], 10, -2, 2);
          expectTensor(op(ints(x.shape, x.data), ints(y.shape, y.data)), {
            shape: [3, 4],
            dtype: 'bool',
            values: zip(x, y, COMPARE[name]!).data,
          });
        });
      }
      h.test('equal: int32 with float32 compares after promotion', () => {
        expectTensor(g.equal(ints([3], [1, 2, 3]), floats([3], [1, 2.5, 3])), {
          shape: [3],
          dtype: 'bool',
          values: [true, false, true],
        });
      });
      h.test('equal and notEqual on bool', () => {
        const x = bools([4], [true, true, false, false]);
        const y = bools([4], [true, false, true, false]);
        expectTensor(g.equal(x, y), {
          shape: [4],
          dtype: 'bool',
          values: [true, false, false, true],
        });
        expectTensor(g.notEqual(x, y), {
          shape: [4],
          dtype: 'bool',
          values: [false, true, true, false],
        });
      });
      h.test('greater with a plain-number operand and a rank-0 tensor', () => {
        expectTensor(g.greater(floats([3], [1, 2, 3]), 2), {
          shape: [3],
          dtype: 'bool',
          values: [false, false, true],
        });
        expectTensor(g.less(g.scalar(2), floats([3], [1, 2, 3])), {
          shape: [3],
          dtype: 'bool',
          values: [false, false, true],
        });
      });
    });

    h.group('logic', () => {
      const x = (): Tensor => bools([4], [true, true, false, false]);
      const y = (): Tensor => bools([4], [true, false, true, false]);
      h.test('logicalAnd truth table', () => {
        expectTensor(g.logicalAnd(x(), y()), {
          shape: [4],
          dtype: 'bool',
          values: [true, false, false, false],
        });
      });
      h.test('logicalOr truth table', () => {
        expectTensor(g.logicalOr(x(), y()), {
          shape: [4],
          dtype: 'bool',
          values: [true, true, true, false],
        });
      });
      h.test('logicalAnd and logicalOr broadcast [2,1] with [1,2]', () => {
        const p = bools([2, 1], [true, false]);
        const q = bools([1, 2], [true, false]);
        expectTensor(g.logicalAnd(p, q), {
          shape: [2, 2],
          dtype: 'bool',
          values: [true, false, false, false],
        });
        expectTensor(g.logicalOr(p, q), {
          shape: [2, 2],
          dtype: 'bool',
          values: [true, true, true, false],
        });
      });
    });

    h.group('where', () => {
      h.test('picks a where true, b where false', () => {
        expectTensor(
          g.where(
            bools([4], [true, false, true, false]),
            floats([4], [1, 2, 3, 4]),
            floats([4], [10, 20, 30, 40]),
          ),
          { shape: [4], dtype: 'float32', values: [1, 20, 3, 40] },
        );
      });
      h.test('broadcasts condition [3,1], a [1,4] and a scalar b', () => {
        const c = randomIntNd([3, 1], 3, 0, 1);
        const a = randomNd([1, 4], 4);
        const out = g.where(bools([3, 1], c.data.map(Boolean)), f32(a), g.scalar(-7));
        expectNd(
          out,
          zip3(c, a, { shape: [], data: [-7] }, (cc, aa, bb) => (cc ? aa : bb)),
          EXACT,
        );
      });
      h.test('int32 and bool branches keep their dtype', () => {
        const c = bools([3], [true, false, true]);
        expectTensor(g.where(c, ints([3], [1, 2, 3]), ints([3], [-1, -2, -3])), {
          shape: [3],
          dtype: 'int32',
          values: [1, -2, 3],
        });
        expectTensor(
          g.where(c, bools([3], [false, false, false]), bools([3], [true, true, true])),
          { shape: [3], dtype: 'bool', values: [false, true, false] },
        );
      });
      h.test('NaN and Infinity pass through the selected branch only', () => {
        const out = g.where(
          bools([3], [true, false, true]),
          floats([3], [NaN32, NaN32, INF]),
          floats([3], [1, 2, 3]),
        );
        expectTensor(out, { shape: [3], dtype: 'float32', values: [NaN32, 2, INF] });
      });
      h.test('a condition made by a comparison, with size-0 operands', () => {
        const x = randomNd([2, 3], 8);
        expectNd(
          g.where(g.greater(f32(x), 0), f32(x), 0),
          map(x, (v) => Math.max(v, 0)),
          EXACT,
        );
        expectTensor(g.where(bools([0], []), floats([0], []), 1), {
          shape: [0],
          dtype: 'float32',
          values: [],
        });
      });
    });
  });
}
