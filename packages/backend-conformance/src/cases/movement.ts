/** Movement and layout ops: reshape family, transpose, slice/split, concat/stack, gather, pad, ... */
import * as g from '@glia/core';
import { expect } from 'vitest';
import { EXACT, expectNd, expectShape, expectTensor } from '../assert';
import { bools, f32, floats, INF, ints, NaN32 } from '../fixtures';
import type { Harness } from '../harness';
import * as mv from '../reference/movement';
import { broadcastTo, nd, randomIntNd, randomNd } from '../reference/nd';

export function defineMovementCases(h: Harness): void {
  h.family('movement', () => {
    const x234 = randomNd([2, 3, 4], 401);

    h.group('reshape', () => {
      for (const shape of [[-1], [4, -1], [2, 12], [1, 2, 1, 3, 4, 1], [-1, 2, 3]]) {
        h.test(`[2,3,4] to [${shape.join(',')}] keeps row-major order`, () => {
          const out = g.reshape(f32(x234), shape);
          const resolved = shape.includes(-1)
            ? shape.map((d) => (d === -1 ? 24 / -shape.reduce((a, b) => a * b, 1) : d))
            : shape;
          expectTensor(out, { shape: resolved, dtype: 'float32', values: x234.data });
        });
      }
      h.test('scalar to [1,1] and [1] back to a scalar', () => {
        expectTensor(g.reshape(g.scalar(3), [1, 1]), { shape: [1, 1], values: [3] });
        expectTensor(g.reshape(floats([1], [4]), []), { shape: [], values: [4] });
      });
      h.test('size-0 [0,3] to [3,0,1]', () => {
        expectTensor(g.reshape(g.zeros([0, 3]), [3, 0, 1]), {
          shape: [3, 0, 1],
          dtype: 'float32',
          values: [],
        });
      });
      h.test('int32 and bool keep their dtype', () => {
        expectTensor(g.reshape(ints([4], [1, 2, 3, 4]), [2, 2]), {
          shape: [2, 2],
          dtype: 'int32',
          values: [1, 2, 3, 4],
        });
        expectTensor(g.reshape(bools([4], [true, false, false, true]), [2, -1]), {
          shape: [2, 2],
          dtype: 'bool',
          values: [true, false, false, true],
        });
      });
      h.test('reshaping a transposed tensor reads it in its new order', () => {
        const t = g.reshape(g.transpose(f32(x234), [2, 0, 1]), [-1]);
        expectTensor(t, { shape: [24], values: mv.transpose(x234, [2, 0, 1]).data });
      });
      h.test('flatten of [2,3,2] and of a scalar', () => {
        const x = randomNd([2, 3, 2], 402);
        expectTensor(g.flatten(f32(x)), { shape: [12], values: x.data });
        expectTensor(g.flatten(g.scalar(7)), { shape: [1], values: [7] });
      });
      h.test('expandDims at 0, 1, -1 and of a scalar', () => {
        const x = f32(x234);
        expectShape(g.expandDims(x, 0), [1, 2, 3, 4]);
        expectShape(g.expandDims(x, 1), [2, 1, 3, 4]);
        expectTensor(g.expandDims(x, -1), { shape: [2, 3, 4, 1], values: x234.data });
        expectTensor(g.expandDims(g.scalar(2)), { shape: [1], values: [2] });
      });
      h.test('squeeze all size-1 dimensions, or the ones named', () => {
        const x = randomNd([1, 3, 1, 2], 403);
        expectTensor(g.squeeze(f32(x)), { shape: [3, 2], values: x.data });
        expectShape(g.squeeze(f32(x), [0]), [3, 1, 2]);
        expectShape(g.squeeze(f32(x), [-2]), [1, 3, 2]);
        expectShape(g.squeeze(f32(x234)), [2, 3, 4]);
      });
    });

    h.group('transpose', () => {
      const perms: number[][] = [
        [1, 0, 2],
        [0, 2, 1],
        [2, 0, 1],
        [1, 2, 0],
      ];
      h.test('no perm reverses the dimensions', () => {
        expectNd(g.transpose(f32(x234)), mv.transpose(x234, [2, 1, 0]), EXACT);
      });
      for (const perm of perms) {
        h.test(`[2,3,4] with perm [${perm.join(',')}]`, () => {
          expectNd(g.transpose(f32(x234), perm), mv.transpose(x234, perm), EXACT);
        });
      }
      h.test('NHWC to NCHW ([0,3,1,2]) of a rank-4 tensor', () => {
        const x = randomNd([2, 3, 4, 5], 404);
        expectNd(g.transpose(f32(x), [0, 3, 1, 2]), mv.transpose(x, [0, 3, 1, 2]), EXACT);
      });
      h.test('larger: [64,48] and [8,16,32] with perm [2,0,1]', () => {
        const a = randomNd([64, 48], 406);
        const b = randomNd([8, 16, 32], 407);
        expectNd(g.transpose(f32(a)), mv.transpose(a, [1, 0]), EXACT);
        expectNd(g.transpose(f32(b), [2, 0, 1]), mv.transpose(b, [2, 0, 1]), EXACT);
      });
      h.test('rank 6 with perm [5,3,1,0,2,4]', () => {
        const x = randomNd([2, 1, 3, 2, 1, 2], 405);
        expectNd(
          g.transpose(f32(x), [5, 3, 1, 0, 2, 4]),
          mv.transpose(x, [5, 3, 1, 0, 2, 4]),
          EXACT,
        );
      });
      h.test('int32 and bool keep their dtype', () => {
        expectTensor(g.transpose(ints([2, 2], [1, 2, 3, 4])), {
          shape: [2, 2],
          dtype: 'int32',
          values: [1, 3, 2, 4],
        });
        expectTensor(g.transpose(bools([1, 2], [true, false])), {
          shape: [2, 1],
          dtype: 'bool',
          values: [true, false],
        });
      });
      h.test('size-0, rank-1 and identity permutations', () => {
        expectTensor(g.transpose(g.zeros([0, 3])), { shape: [3, 0], values: [] });
        expectTensor(g.transpose(floats([3], [1, 2, 3])), { shape: [3], values: [1, 2, 3] });
        expectNd(g.transpose(f32(x234), [0, 1, 2]), x234, EXACT);
      });
    });

    h.group('slice and split', () => {
      h.test('1-D slice with a number begin and size', () => {
        expectTensor(g.slice(floats([5], [1, 2, 3, 4, 5]), 1, 3), {
          shape: [3],
          values: [2, 3, 4],
        });
      });
      h.test('2-D slice with size -1 (to the end)', () => {
        const x = randomNd([4, 5], 410);
        expectNd(g.slice(f32(x), [1, 2], [-1, 2]), mv.slice(x, [1, 2], [3, 2]), EXACT);
      });
      h.test('missing trailing entries take the whole dimension', () => {
        expectNd(g.slice(f32(x234), [1]), mv.slice(x234, [1, 0, 0], [1, 3, 4]), EXACT);
      });
      h.test('a middle block of a rank-4 tensor', () => {
        const x = randomNd([3, 4, 5, 2], 411);
        expectNd(
          g.slice(f32(x), [1, 1, 2, 0], [2, 2, 3, 1]),
          mv.slice(x, [1, 1, 2, 0], [2, 2, 3, 1]),
          EXACT,
        );
      });
      h.test('a size-0 slice and a full slice', () => {
        expectTensor(g.slice(f32(x234), [0, 1, 0], [2, 0, 4]), { shape: [2, 0, 4], values: [] });
        expectNd(g.slice(f32(x234), [0, 0, 0], [2, 3, 4]), x234, EXACT);
      });
      h.test('int32 and bool slices', () => {
        expectTensor(g.slice(ints([2, 3], [1, 2, 3, 4, 5, 6]), [0, 1], [2, 1]), {
          shape: [2, 1],
          dtype: 'int32',
          values: [2, 5],
        });
        expectTensor(g.slice(bools([3], [true, false, true]), [1], [2]), {
          shape: [2],
          dtype: 'bool',
          values: [false, true],
        });
      });
      h.test('split into 3 equal parts along axis 0', () => {
        const x = randomNd([6, 2], 412);
        const parts = g.split(f32(x), 3);
        expect(parts).toHaveLength(3);
        parts.forEach((p, i) => {
          expectNd(p, mv.slice(x, [2 * i, 0], [2, 2]), EXACT);
        });
      });
      h.test('split by sizes [1,-1,2] along axis 1', () => {
        const x = randomNd([2, 6], 413);
        const parts = g.split(f32(x), [1, -1, 2], 1);
        expectNd(parts[0]!, mv.slice(x, [0, 0], [2, 1]), EXACT);
        expectNd(parts[1]!, mv.slice(x, [0, 1], [2, 3]), EXACT);
        expectNd(parts[2]!, mv.slice(x, [0, 4], [2, 2]), EXACT);
      });
      h.test('split of int32 along the last axis, with a size-0 part', () => {
        const parts = g.split(ints([2, 3], [1, 2, 3, 4, 5, 6]), [2, 0, 1], -1);
        expectTensor(parts[0]!, { shape: [2, 2], dtype: 'int32', values: [1, 2, 4, 5] });
        expectTensor(parts[1]!, { shape: [2, 0], dtype: 'int32', values: [] });
        expectTensor(parts[2]!, { shape: [2, 1], dtype: 'int32', values: [3, 6] });
      });
      for (const [axis, sizes] of [
        [0, [1, 1]],
        [1, [2, 0, 1]],
        [2, [3, 1]],
        [-1, [1, 2, 1]],
        [1, [3]],
      ] as const) {
        h.test(`split of [2,3,4] along axis ${axis} into sizes [${sizes.join(',')}]`, () => {
          const ax = axis < 0 ? axis + 3 : axis;
          const parts = g.split(f32(x234), sizes, axis);
          expect(parts).toHaveLength(sizes.length);
          let offset = 0;
          parts.forEach((p, i) => {
            const begin = [0, 0, 0].map((_, d) => (d === ax ? offset : 0));
            const size = [2, 3, 4].map((dim, d) => (d === ax ? sizes[i]! : dim));
            expectNd(p, mv.slice(x234, begin, size), EXACT);
            offset += sizes[i]!;
          });
        });
      }
      h.test('split of bool along axis 0, and of int32 into one piece', () => {
        const [head, tail] = g.split(bools([3, 1], [true, false, true]), [1, 2]);
        expectTensor(head!, { shape: [1, 1], dtype: 'bool', values: [true] });
        expectTensor(tail!, { shape: [2, 1], dtype: 'bool', values: [false, true] });
        const [whole] = g.split(ints([2, 2], [1, -2, 3, -4]), 1, 1);
        expectTensor(whole!, { shape: [2, 2], dtype: 'int32', values: [1, -2, 3, -4] });
      });
    });

    h.group('concat and stack', () => {
      const a = randomNd([2, 3, 4], 420);
      for (const axis of [0, 1, 2, -1]) {
        h.test(`concat of three rank-3 tensors along axis ${axis}`, () => {
          const ax = axis < 0 ? axis + 3 : axis;
          const shapeB = [2, 3, 4].map((d, i) => (i === ax ? 1 : d));
          const shapeC = [2, 3, 4].map((d, i) => (i === ax ? 2 : d));
          const b = randomNd(shapeB, 421);
          const c = randomNd(shapeC, 422);
          expectNd(g.concat([f32(a), f32(b), f32(c)], axis), mv.concat([a, b, c], axis), EXACT);
        });
      }
      h.test('concat with a size-0 tensor', () => {
        const b = randomNd([1, 3], 423);
        expectNd(g.concat([g.zeros([0, 3]), f32(b), g.zeros([0, 3])], 0), b, EXACT);
      });
      h.test('concat of int32 and of bool', () => {
        expectTensor(g.concat([ints([1, 2], [1, 2]), ints([1, 2], [3, 4])], 1), {
          shape: [1, 4],
          dtype: 'int32',
          values: [1, 2, 3, 4],
        });
        expectTensor(g.concat([bools([1], [true]), bools([2], [false, true])]), {
          shape: [3],
          dtype: 'bool',
          values: [true, false, true],
        });
      });
      h.test('concat of one tensor is a copy', () => {
        expectNd(g.concat([f32(a)], 1), a, EXACT);
      });
      for (const axis of [0, 1, -1]) {
        h.test(`stack of three [2,3] tensors along axis ${axis}`, () => {
          const xs = [0, 1, 2].map((i) => randomNd([2, 3], 430 + i));
          const ax = axis < 0 ? 2 : axis;
          const expected = mv.concat(
            xs.map((x) => nd(ax === 0 ? [1, 2, 3] : ax === 1 ? [2, 1, 3] : [2, 3, 1], x.data)),
            ax,
          );
          expectNd(g.stack(xs.map(f32), axis), expected, EXACT);
        });
      }
      h.test('stack of scalars gives a vector', () => {
        expectTensor(g.stack([g.scalar(1), g.scalar(2), g.scalar(3)]), {
          shape: [3],
          values: [1, 2, 3],
        });
      });
      h.test('unstack along axis 0 and axis 1', () => {
        const x = randomNd([2, 3], 433);
        const rows = g.unstack(f32(x));
        expect(rows).toHaveLength(2);
        rows.forEach((r, i) => {
          expectNd(r, nd([3], mv.slice(x, [i, 0], [1, 3]).data), EXACT);
        });
        const cols = g.unstack(f32(x), 1);
        expect(cols).toHaveLength(3);
        cols.forEach((c, i) => {
          expectNd(c, nd([2], mv.slice(x, [0, i], [2, 1]).data), EXACT);
        });
      });
      h.test('unstack of a size-0 axis gives no tensors', () => {
        expectShape(g.stack(g.unstack(g.zeros([3, 2]), 0)), [3, 2]);
        expect(g.unstack(g.zeros([0, 2]), 0)).toEqual([]);
      });
    });

    h.group('gather and unsortedSegmentSum', () => {
      const x = randomNd([4, 3, 2], 440);
      h.test('gather rows along axis 0 with repeats', () => {
        const idx = nd([5], [3, 0, 0, 2, 1]);
        expectNd(g.gather(f32(x), ints([5], idx.data)), mv.gather(x, idx, 0), EXACT);
      });
      h.test('gather along axis 1 and axis -1', () => {
        const idx = nd([2], [2, 0]);
        expectNd(g.gather(f32(x), ints([2], idx.data), 1), mv.gather(x, idx, 1), EXACT);
        expectNd(g.gather(f32(x), ints([1], [1]), -1), mv.gather(x, nd([1], [1]), 2), EXACT);
      });
      h.test('2-D indices insert their shape at the axis', () => {
        const idx = nd([2, 3], [0, 1, 2, 2, 1, 0]);
        expectNd(g.gather(f32(x), ints([2, 3], idx.data), 1), mv.gather(x, idx, 1), EXACT);
      });
      h.test('rank-0 indices drop the axis; plain-array indices are int32', () => {
        expectNd(g.gather(f32(x), g.scalar(2, 'int32')), mv.gather(x, nd([], [2]), 0), EXACT);
        expectNd(g.gather(f32(x), [1, 3]), mv.gather(x, nd([2], [1, 3]), 0), EXACT);
      });
      h.test('gather of int32 and bool values, and with size-0 indices', () => {
        expectTensor(g.gather(ints([3], [10, 20, 30]), ints([2], [2, 0])), {
          shape: [2],
          dtype: 'int32',
          values: [30, 10],
        });
        expectTensor(g.gather(bools([3], [true, false, false]), ints([2], [1, 0])), {
          shape: [2],
          dtype: 'bool',
          values: [false, true],
        });
        expectTensor(g.gather(f32(x), ints([0], []), 1), { shape: [4, 0, 2], values: [] });
      });
      h.test('unsortedSegmentSum along axis 0', () => {
        const ids = [0, 2, 0, 1];
        expectNd(
          g.unsortedSegmentSum(f32(x), ints([4], ids), 3),
          mv.unsortedSegmentSum(x, ids, 3, 0),
          h.tol('elementwise'),
        );
      });
      h.test('unsortedSegmentSum drops out-of-range ids and leaves empty segments 0', () => {
        const ids = [-1, 1, 5, 1];
        expectNd(
          g.unsortedSegmentSum(f32(x), ints([4], ids), 4),
          mv.unsortedSegmentSum(x, ids, 4, 0),
          h.tol('elementwise'),
        );
      });
      h.test('unsortedSegmentSum along axis 1 of int32', () => {
        const v = randomIntNd([2, 3], 441, -5, 5);
        const ids = [1, 1, 0];
        expectTensor(g.unsortedSegmentSum(ints([2, 3], v.data), ints([3], ids), 2, 1), {
          shape: [2, 2],
          dtype: 'int32',
          values: mv.unsortedSegmentSum(v, ids, 2, 1).data,
        });
      });
    });

    h.group('pad, tile and reverse', () => {
      h.test('pad a vector with [1,2]', () => {
        expectTensor(g.pad(floats([2], [1, 2]), [[1, 2]]), { shape: [5], values: [0, 1, 2, 0, 0] });
      });
      h.test('pad a matrix with a constant value', () => {
        const x = randomNd([2, 3], 450);
        expectNd(
          g.pad(
            f32(x),
            [
              [0, 1],
              [2, 1],
            ],
            5,
          ),
          mv.pad(
            x,
            [
              [0, 1],
              [2, 1],
            ],
            5,
          ),
          EXACT,
        );
      });
      h.test('pad only the spatial dims of an NHWC tensor', () => {
        const x = randomNd([1, 2, 3, 2], 451);
        const p: [number, number][] = [
          [0, 0],
          [1, 1],
          [2, 0],
          [0, 0],
        ];
        expectNd(g.pad(f32(x), p), mv.pad(x, p, 0), EXACT);
      });
      h.test('pad int32 and zero paddings', () => {
        expectTensor(g.pad(ints([2], [7, 8]), [[1, 0]], -1), {
          shape: [3],
          dtype: 'int32',
          values: [-1, 7, 8],
        });
        expectNd(
          g.pad(f32(x234), [
            [0, 0],
            [0, 0],
            [0, 0],
          ]),
          x234,
          EXACT,
        );
      });
      h.test('pad a size-0 tensor', () => {
        expectTensor(
          g.pad(
            g.zeros([0, 2]),
            [
              [1, 0],
              [0, 1],
            ],
            3,
          ),
          { shape: [1, 3], values: [3, 3, 3] },
        );
      });
      for (const reps of [
        [2, 1],
        [1, 3],
        [2, 2],
      ]) {
        h.test(`tile [2,3] by [${reps.join(',')}]`, () => {
          const x = randomNd([2, 3], 452);
          expectNd(g.tile(f32(x), reps), mv.tile(x, reps), EXACT);
        });
      }
      h.test('tile rank 3, int32 and bool, and reps of 0', () => {
        expectNd(g.tile(f32(x234), [1, 2, 2]), mv.tile(x234, [1, 2, 2]), EXACT);
        expectTensor(g.tile(ints([2], [1, 2]), [3]), {
          shape: [6],
          dtype: 'int32',
          values: [1, 2, 1, 2, 1, 2],
        });
        expectTensor(g.tile(bools([1, 2], [true, false]), [2, 1]), {
          shape: [2, 2],
          dtype: 'bool',
          values: [true, false, true, false],
        });
        expectTensor(g.tile(floats([2], [1, 2]), [0]), { shape: [0], values: [] });
      });
      for (const axes of [[0], [-1], [0, 2], [1]]) {
        h.test(`reverse [2,3,4] along [${axes.join(',')}]`, () => {
          expectNd(g.reverse(f32(x234), axes), mv.reverse(x234, axes), EXACT);
        });
      }
      h.test('reverse all axes (default), of int32 and of size-0', () => {
        expectNd(g.reverse(f32(x234)), mv.reverse(x234, [0, 1, 2]), EXACT);
        expectTensor(g.reverse(ints([3], [1, 2, 3])), {
          shape: [3],
          dtype: 'int32',
          values: [3, 2, 1],
        });
        expectTensor(g.reverse(g.zeros([0, 2]), 1), { shape: [0, 2], values: [] });
      });
    });

    h.group('broadcastTo and oneHot', () => {
      for (const [from, to] of [
        [[3], [2, 3]],
        [
          [2, 1],
          [2, 4],
        ],
        [[], [2, 2]],
        [
          [1, 3],
          [4, 2, 3],
        ],
        [
          [2, 1, 1],
          [2, 3, 2],
        ],
      ] as const) {
        h.test(`broadcastTo [${from.join(',')}] to [${to.join(',')}]`, () => {
          const x = randomNd(from, 460 + to.length);
          expectNd(g.broadcastTo(f32(x), to), broadcastTo(x, to), EXACT);
        });
      }
      h.test('broadcastTo of int32 and bool, and to the same shape', () => {
        expectTensor(g.broadcastTo(ints([1], [7]), [3]), {
          shape: [3],
          dtype: 'int32',
          values: [7, 7, 7],
        });
        expectTensor(g.broadcastTo(bools([2, 1], [true, false]), [2, 2]), {
          shape: [2, 2],
          dtype: 'bool',
          values: [true, true, false, false],
        });
        expectNd(g.broadcastTo(f32(x234), [2, 3, 4]), x234, EXACT);
      });
      h.test('broadcastTo a size-0 shape', () => {
        expectTensor(g.broadcastTo(floats([1], [1]), [0, 3]), { shape: [0, 3], values: [] });
      });
      h.test('oneHot of a vector', () => {
        expectTensor(g.oneHot(ints([3], [0, 2, 1]), 3), {
          shape: [3, 3],
          dtype: 'float32',
          values: [1, 0, 0, 0, 0, 1, 0, 1, 0],
        });
      });
      h.test('oneHot rows of out-of-range indices are all offValue', () => {
        expectTensor(g.oneHot(ints([3], [-1, 3, 1]), 3), {
          shape: [3, 3],
          dtype: 'float32',
          values: [0, 0, 0, 0, 0, 0, 0, 1, 0],
        });
      });
      h.test('oneHot with onValue and offValue, of 2-D indices', () => {
        const idx = nd([2, 2], [1, 0, 3, 2]);
        expectNd(g.oneHot(ints([2, 2], idx.data), 4, 5, -1), mv.oneHot(idx, 4, 5, -1), EXACT);
      });
      h.test('oneHot of plain-array indices and depth 0', () => {
        expectTensor(g.oneHot([1, 0], 2), {
          shape: [2, 2],
          dtype: 'float32',
          values: [0, 1, 1, 0],
        });
        expectTensor(g.oneHot(ints([2], [0, 1]), 0), {
          shape: [2, 0],
          dtype: 'float32',
          values: [],
        });
      });
    });

    h.group('cast', () => {
      h.test('float32 to int32 truncates toward zero', () => {
        expectTensor(g.cast(floats([6], [1.7, -1.7, 0.5, -0.5, 2.5, -3]), 'int32'), {
          shape: [6],
          dtype: 'int32',
          values: [1, -1, 0, 0, 2, -3],
        });
      });
      h.test('float32 to bool: nonzero is true, NaN is true (as NumPy and TF)', () => {
        expectTensor(g.cast(floats([6], [0, -0, 0.5, -2, NaN32, INF]), 'bool'), {
          shape: [6],
          dtype: 'bool',
          values: [false, false, true, true, true, true],
        });
      });
      h.test('int32 to bool and to float32', () => {
        const x = ints([4], [0, -3, 16777217, 2147483647]);
        expectTensor(g.cast(x, 'bool'), {
          shape: [4],
          dtype: 'bool',
          values: [false, true, true, true],
        });
        expectTensor(g.cast(x, 'float32'), {
          shape: [4],
          dtype: 'float32',
          values: [0, -3, 16777216, 2147483648],
        });
      });
      h.test('bool to float32 and to int32', () => {
        const x = bools([3], [true, false, true]);
        expectTensor(g.cast(x, 'float32'), { shape: [3], dtype: 'float32', values: [1, 0, 1] });
        expectTensor(g.cast(x, 'int32'), { shape: [3], dtype: 'int32', values: [1, 0, 1] });
      });
      h.test('cast to the same dtype is a new tensor with equal values', () => {
        const x = f32(x234);
        const y = g.cast(x, 'float32');
        expect(y).not.toBe(x);
        expectNd(y, x234, EXACT);
      });
      h.test('cast of size-0 and rank-0 tensors', () => {
        expectTensor(g.cast(g.zeros([0, 2]), 'int32'), {
          shape: [0, 2],
          dtype: 'int32',
          values: [],
        });
        expectTensor(g.cast(g.scalar(-2.9), 'int32'), { shape: [], dtype: 'int32', values: [-2] });
      });
    });
  });
}
