/** Reductions, arg reductions, softmax/logSoftmax/logSumExp and moments, against float64 loops. */

import type { Axes, Tensor, TensorInput } from '@glia/core';
import * as g from '@glia/core';
import { EXACT, expectNd, expectTensor } from '../assert';
import { bools, f32, floats, INF, ints, NaN32 } from '../fixtures';
import type { Harness } from '../harness';
import { map, nd, randomIntNd, randomNd } from '../reference/nd';
import { argReduce, REDUCERS, reduce, softmax } from '../reference/reduce';

type ReduceOp = (x: TensorInput, axis?: Axes, keepDims?: boolean) => Tensor;

const FLOAT_REDUCTIONS: Record<string, { op: ReduceOp; range: [number, number] }> = {
  sum: { op: g.sum, range: [-2, 2] },
  prod: { op: g.prod, range: [0.6, 1.4] },
  max: { op: g.max, range: [-5, 5] },
  min: { op: g.min, range: [-5, 5] },
  mean: { op: g.mean, range: [-2, 2] },
  logSumExp: { op: g.logSumExp, range: [-3, 3] },
};

const AXIS_CASES: readonly { label: string; axis: Axes | undefined; keepDims: boolean }[] = [
  { label: 'all axes', axis: undefined, keepDims: false },
  { label: 'axis 0', axis: 0, keepDims: false },
  { label: 'axis -1', axis: -1, keepDims: false },
  { label: 'axes [0,2]', axis: [0, 2], keepDims: false },
  { label: 'axis 1 with keepDims', axis: 1, keepDims: true },
  { label: 'all axes with keepDims', axis: undefined, keepDims: true },
];

export function defineReductionCases(h: Harness): void {
  h.family('reductions', () => {
    for (const [name, { op, range }] of Object.entries(FLOAT_REDUCTIONS)) {
      h.group(name, () => {
        AXIS_CASES.forEach(({ label, axis, keepDims }, i) => {
          h.test(`${label} of a [2,3,4] float32 tensor`, () => {
            const x = randomNd([2, 3, 4], 200 + i + name.length * 11, range[0], range[1]);
            const tol = name === 'max' || name === 'min' ? EXACT : h.tol('reduction');
            expectNd(op(f32(x), axis, keepDims), reduce(x, axis, REDUCERS[name]!, keepDims), tol);
          });
        });
        h.test('axes [1,3,5] of a rank-6 tensor, keepDims', () => {
          const x = randomNd([2, 2, 1, 3, 2, 2], 300 + name.length, range[0], range[1]);
          expectNd(
            op(f32(x), [1, 3, 5], true),
            reduce(x, [1, 3, 5], REDUCERS[name]!, true),
            h.tol('reduction'),
          );
        });
        h.test('a rank-0 input reduces to itself', () => {
          expectTensor(
            op(g.scalar(0.75)),
            { shape: [], dtype: 'float32', values: [REDUCERS[name]!([0.75])] },
            h.tol('reduction'),
          );
        });
      });
    }

    h.group('dtypes', () => {
      h.test('sum of bool counts trues as int32', () => {
        expectTensor(g.sum(bools([2, 3], [true, false, true, true, true, true]), 1), {
          shape: [2],
          dtype: 'int32',
          values: [2, 3],
        });
      });
      h.test('sum of int32 stays int32 and wraps', () => {
        expectTensor(g.sum(ints([3], [2147483647, 1, 0])), {
          shape: [],
          dtype: 'int32',
          values: [-2147483648],
        });
        const x = randomIntNd([3, 4], 12, -100, 100);
        expectTensor(g.sum(ints(x.shape, x.data), 0), {
          shape: [4],
          dtype: 'int32',
          values: reduce(x, 0, REDUCERS.sum!).data,
        });
      });
      h.test('prod of int32 stays int32', () => {
        expectTensor(g.prod(ints([2, 3], [1, 2, 3, -4, 5, 6]), 1), {
          shape: [2],
          dtype: 'int32',
          values: [6, -120],
        });
      });
      h.test('max and min keep int32; bool becomes int32', () => {
        const x = ints([2, 3], [5, -7, 3, 2147483647, -2147483648, 0]);
        expectTensor(g.max(x, 1), { shape: [2], dtype: 'int32', values: [5, 2147483647] });
        expectTensor(g.min(x, 1), { shape: [2], dtype: 'int32', values: [-7, -2147483648] });
        expectTensor(g.max(bools([2], [false, true])), { shape: [], dtype: 'int32', values: [1] });
      });
      h.test('mean and logSumExp of int32 compute in float32', () => {
        expectTensor(
          g.mean(ints([4], [1, 2, 3, 5])),
          { shape: [], dtype: 'float32', values: [2.75] },
          h.tol('reduction'),
        );
        expectTensor(
          g.logSumExp(ints([2], [0, 0])),
          { shape: [], dtype: 'float32', values: [Math.LN2] },
          h.tol('reduction'),
        );
      });
      h.test('all and any over every axis configuration', () => {
        const x = randomIntNd([2, 3, 2], 21, 0, 1);
        const t = bools(x.shape, x.data.map(Boolean));
        for (const [name, op] of [
          ['all', g.all],
          ['any', g.any],
        ] as const) {
          for (const { axis, keepDims } of AXIS_CASES) {
            const r = reduce(x, axis, REDUCERS[name]!, keepDims);
            expectTensor(op(t, axis, keepDims), { shape: r.shape, dtype: 'bool', values: r.data });
          }
        }
      });
      h.test('all and any of constant tensors', () => {
        expectTensor(g.all(bools([3], [true, true, true])), {
          shape: [],
          dtype: 'bool',
          values: [true],
        });
        expectTensor(g.any(bools([3], [false, false, false])), {
          shape: [],
          dtype: 'bool',
          values: [false],
        });
      });
      h.test('an empty axes list returns the input unchanged', () => {
        const x = randomNd([2, 3], 31);
        expectNd(g.sum(f32(x), []), x, EXACT);
      });
    });

    h.group('empty', () => {
      h.test('sum, prod, max and min over a size-0 axis give their identities', () => {
        const x = g.zeros([2, 0]);
        expectTensor(g.sum(x, 1), { shape: [2], dtype: 'float32', values: [0, 0] });
        expectTensor(g.prod(x, 1), { shape: [2], dtype: 'float32', values: [1, 1] });
        expectTensor(g.max(x, 1), { shape: [2], dtype: 'float32', values: [-INF, -INF] });
        expectTensor(g.min(x, 1), { shape: [2], dtype: 'float32', values: [INF, INF] });
      });
      h.test('all and any over nothing are true and false', () => {
        expectTensor(g.all(g.zeros([0], 'bool')), { shape: [], dtype: 'bool', values: [true] });
        expectTensor(g.any(g.zeros([0], 'bool')), { shape: [], dtype: 'bool', values: [false] });
      });
      h.test('mean over nothing is NaN', () => {
        expectTensor(g.mean(g.zeros([0])), { shape: [], dtype: 'float32', values: [NaN32] });
      });
      h.test('softmax, logSoftmax and argMax of size-0 tensors', () => {
        expectTensor(g.softmax(g.zeros([0, 3])), { shape: [0, 3], dtype: 'float32', values: [] });
        expectTensor(g.logSoftmax(g.zeros([2, 0])), {
          shape: [2, 0],
          dtype: 'float32',
          values: [],
        });
        expectTensor(g.argMax(g.zeros([0, 3]), 1), { shape: [0], dtype: 'int32', values: [] });
      });
      h.test('logSumExp over nothing is -Infinity', () => {
        expectTensor(g.logSumExp(g.zeros([2, 0]), 1), {
          shape: [2],
          dtype: 'float32',
          values: [-INF, -INF],
        });
      });
      h.test('reducing a non-empty axis of a size-0 tensor gives a size-0 result', () => {
        expectTensor(g.sum(g.zeros([0, 3]), 1), { shape: [0], dtype: 'float32', values: [] });
        expectTensor(g.sum(g.zeros([0, 3]), 0), {
          shape: [3],
          dtype: 'float32',
          values: [0, 0, 0],
        });
      });
    });

    h.group('NaN and Infinity', () => {
      h.test('sum and mean propagate NaN; Infinity - Infinity is NaN', () => {
        expectTensor(g.sum(floats([2, 3], [1, NaN32, 2, INF, -INF, 1]), 1), {
          shape: [2],
          values: [NaN32, NaN32],
        });
        expectTensor(g.mean(floats([2, 2], [1, NaN32, INF, 1]), 1), {
          shape: [2],
          values: [NaN32, INF],
        });
      });
      h.test('max and min propagate NaN (as maximum and minimum do)', () => {
        const x = floats([2, 3], [1, NaN32, 3, -INF, -INF, -INF]);
        expectTensor(g.max(x, 1), { shape: [2], values: [NaN32, -INF] });
        expectTensor(g.min(x, 1), { shape: [2], values: [NaN32, -INF] });
      });
      h.test('logSumExp of ±1e4 values is finite and correct', () => {
        const x = floats([3, 2], [1e4, 1e4, -1e4, -1e4, 1e4, -1e4]);
        expectTensor(
          g.logSumExp(x, 1),
          { shape: [3], values: [1e4 + Math.LN2, -1e4 + Math.LN2, 1e4] },
          h.tol('reduction'),
        );
      });
      h.test('logSumExp with +Infinity is Infinity, all -Infinity is -Infinity', () => {
        expectTensor(g.logSumExp(floats([2, 2], [INF, 1, -INF, -INF]), 1), {
          shape: [2],
          values: [INF, -INF],
        });
      });
    });

    h.group('argMax and argMin', () => {
      const x = randomNd([3, 4, 5], 41, -5, 5);
      for (const [name, op] of [
        ['argMax', g.argMax],
        ['argMin', g.argMin],
      ] as const) {
        const which = name === 'argMax' ? 'max' : 'min';
        for (const axis of [0, 1, 2, -1]) {
          h.test(`${name} along axis ${axis} of [3,4,5] gives int32 indices`, () => {
            expectNd(op(f32(x), axis), argReduce(x, axis, which), EXACT, 'int32');
          });
        }
        h.test(`${name} defaults to axis 0`, () => {
          expectNd(op(f32(x)), argReduce(x, 0, which), EXACT, 'int32');
        });
        h.test(`${name} picks the first of equal extremes`, () => {
          expectTensor(op(floats([2, 4], [1, 3, 3, -1, 2, -5, 2, -5]), 1), {
            shape: [2],
            dtype: 'int32',
            values: name === 'argMax' ? [1, 0] : [3, 1],
          });
        });
        h.test(`${name} of int32, bool and ±Infinity inputs`, () => {
          expectTensor(op(ints([4], [3, -9, 12, 0])), {
            shape: [],
            dtype: 'int32',
            values: [name === 'argMax' ? 2 : 1],
          });
          expectTensor(op(bools([3], [false, true, false])), {
            shape: [],
            dtype: 'int32',
            values: [name === 'argMax' ? 1 : 0],
          });
          expectTensor(op(floats([3], [0, INF, -INF])), {
            shape: [],
            dtype: 'int32',
            values: [name === 'argMax' ? 1 : 2],
          });
        });
      }
    });

    for (const [name, op] of [
      ['softmax', g.softmax],
      ['logSoftmax', g.logSoftmax],
    ] as const) {
      h.group(name, () => {
        const log = name === 'logSoftmax';
        const tol = h.tol('reduction');
        h.test('last axis (default) of [3,5]', () => {
          const x = randomNd([3, 5], 51, -4, 4);
          expectNd(op(f32(x)), softmax(x, -1, log), tol);
        });
        for (const axis of [0, 1, 2, -2]) {
          h.test(`axis ${axis} of [2,3,4]`, () => {
            const x = randomNd([2, 3, 4], 52 + axis, -4, 4);
            expectNd(op(f32(x), axis), softmax(x, axis, log), tol);
          });
        }
        h.test('a rank-1 input and a size-1 axis', () => {
          const x = randomNd([6], 57, -3, 3);
          expectNd(op(f32(x)), softmax(x, 0, log), tol);
          expectTensor(
            op(floats([2, 1], [5, -5])),
            { shape: [2, 1], dtype: 'float32', values: log ? [0, 0] : [1, 1] },
            tol,
          );
        });
        h.test('logits of ±1e4 stay finite and correct', () => {
          const x = nd([3, 3], [1e4, 1e4 - 1, 1e4 - 2, -1e4, -1e4 + 1, -1e4 + 2, 1e4, -1e4, 0]);
          expectNd(op(f32(x)), softmax(x, 1, log), tol);
        });
        h.test('-Infinity logits get probability 0', () => {
          const out = op(floats([2, 3], [-INF, 0, 0, -INF, -INF, 1]));
          expectTensor(
            out,
            {
              shape: [2, 3],
              values: log ? [-INF, -Math.LN2, -Math.LN2, -INF, -INF, 0] : [0, 0.5, 0.5, 0, 0, 1],
            },
            tol,
          );
        });
        h.test('int32 logits compute in float32', () => {
          expectNd(op(ints([2, 2], [0, 1, 2, 2])), softmax(nd([2, 2], [0, 1, 2, 2]), 1, log), tol);
        });
        if (!log) {
          h.test('rows sum to 1', () => {
            const x = randomNd([4, 7], 58, -10, 10);
            expectTensor(g.sum(g.softmax(f32(x)), 1), { shape: [4], values: [1, 1, 1, 1] }, tol);
          });
        }
      });
    }

    h.group('moments', () => {
      const tol = h.tol('reduction');
      h.test('mean and population variance over all axes', () => {
        const { mean, variance } = g.moments(floats([4], [1, 2, 3, 4]));
        expectTensor(mean, { shape: [], dtype: 'float32', values: [2.5] }, tol);
        expectTensor(variance, { shape: [], dtype: 'float32', values: [1.25] }, tol);
      });
      h.test('over axes [0,1,2] of an NHWC [2,3,3,4] tensor', () => {
        const x = randomNd([2, 3, 3, 4], 61, -3, 3);
        const { mean, variance } = g.moments(f32(x), [0, 1, 2]);
        expectNd(mean, reduce(x, [0, 1, 2], REDUCERS.mean!), tol);
        expectNd(variance, reduce(x, [0, 1, 2], REDUCERS.variance!), tol);
      });
      h.test('axis -1 with keepDims', () => {
        const x = randomNd([3, 5], 62, 0, 10);
        const { mean, variance } = g.moments(f32(x), -1, true);
        expectNd(mean, reduce(x, -1, REDUCERS.mean!, true), tol);
        expectNd(variance, reduce(x, -1, REDUCERS.variance!, true), tol);
      });
      h.test('a large offset does not destroy the variance', () => {
        const x = map(randomNd([64], 63, -1, 1), (v) => Math.fround(1000 + v));
        const { variance } = g.moments(f32(x));
        expectNd(variance, reduce(x, undefined, REDUCERS.variance!), { rtol: 1e-2, atol: 1e-3 });
      });
    });
  });
}
