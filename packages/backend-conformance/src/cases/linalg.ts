/** matMul (batched, broadcast, transposed), dot and outer against a float64 triple loop. */
import * as g from '@glia/core';
import { expectNd, expectTensor } from '../assert';
import { f32, floats, ints } from '../fixtures';
import { type Harness, testEach } from '../harness';
import { matMul } from '../reference/linalg';
import { nd, randomIntNd, randomNd } from '../reference/nd';

interface MatMulCase {
  label: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const CASES: readonly MatMulCase[] = [
  { label: '[3,4] x [4,5]', a: [3, 4], b: [4, 5] },
  { label: '[1,7] x [7,1]', a: [1, 7], b: [7, 1] },
  { label: 'transposeA: [4,3]ᵀ x [4,5]', a: [4, 3], b: [4, 5], transposeA: true },
  { label: 'transposeB: [3,4] x [5,4]ᵀ', a: [3, 4], b: [5, 4], transposeB: true },
  {
    label: 'both transposed: [4,3]ᵀ x [5,4]ᵀ',
    a: [4, 3],
    b: [5, 4],
    transposeA: true,
    transposeB: true,
  },
  { label: 'batched [3,2,4] x [3,4,5]', a: [3, 2, 4], b: [3, 4, 5] },
  {
    label: 'batched and transposed [2,4,3]ᵀ x [2,5,4]ᵀ',
    a: [2, 4, 3],
    b: [2, 5, 4],
    transposeA: true,
    transposeB: true,
  },
  { label: 'broadcast batch [2,1,3,4] x [5,4,2]', a: [2, 1, 3, 4], b: [5, 4, 2] },
  { label: 'broadcast a rank-2 matrix over a batch: [3,4] x [2,4,5]', a: [3, 4], b: [2, 4, 5] },
  {
    label: 'broadcast batch with transposeB: [2,3,4] x [1,6,4]ᵀ',
    a: [2, 3, 4],
    b: [1, 6, 4],
    transposeB: true,
  },
  { label: 'a larger product [33,65] x [65,17] (blocking edges)', a: [33, 65], b: [65, 17] },
  { label: 'a larger product [64,96] x [96,80]', a: [64, 96], b: [96, 80] },
  {
    label: 'larger, batched and transposed [4,48,32]ᵀ x [4,40,48]ᵀ',
    a: [4, 48, 32],
    b: [4, 40, 48],
    transposeA: true,
    transposeB: true,
  },
];

export function defineLinalgCases(h: Harness): void {
  h.family('linalg', () => {
    h.group('matMul', () => {
      testEach(h, CASES, (c, i) => {
        const a = randomNd(c.a, 500 + i);
        const b = randomNd(c.b, 600 + i);
        expectNd(
          g.matMul(f32(a), f32(b), c.transposeA, c.transposeB),
          matMul(a, b, c.transposeA, c.transposeB),
          h.tol('linalg'),
        );
      });
      h.test('hand-computed 2x2 product', () => {
        expectTensor(g.matMul(floats([2, 2], [1, 2, 3, 4]), floats([2, 1], [5, 6])), {
          shape: [2, 1],
          dtype: 'float32',
          values: [17, 39],
        });
      });
      h.test('int32 operands give an exact int32 product', () => {
        const a = randomIntNd([3, 4], 7, -50, 50);
        const b = randomIntNd([4, 2], 8, -50, 50);
        expectTensor(g.matMul(ints(a.shape, a.data), ints(b.shape, b.data)), {
          shape: [3, 2],
          dtype: 'int32',
          values: matMul(a, b).data,
        });
      });
      h.test('int32 with float32 is computed in float32', () => {
        expectTensor(g.matMul(ints([1, 2], [1, 2]), floats([2, 1], [0.5, 0.25])), {
          shape: [1, 1],
          dtype: 'float32',
          values: [1],
        });
      });
      h.test('an inner dimension of 0 gives zeros', () => {
        expectTensor(g.matMul(g.zeros([2, 0]), g.zeros([0, 3])), {
          shape: [2, 3],
          values: [0, 0, 0, 0, 0, 0],
        });
      });
      h.test('size-0 rows or batch give a size-0 result', () => {
        expectTensor(g.matMul(g.zeros([0, 4]), g.ones([4, 3])), { shape: [0, 3], values: [] });
        expectTensor(g.matMul(g.zeros([0, 2, 4]), g.ones([4, 3])), {
          shape: [0, 2, 3],
          values: [],
        });
      });
      h.test('Infinity and NaN propagate through the sums', () => {
        const out = g.matMul(
          floats([2, 2], [Number.POSITIVE_INFINITY, 1, Number.NaN, 1]),
          floats([2, 1], [1, 1]),
        );
        expectTensor(out, { shape: [2, 1], values: [Number.POSITIVE_INFINITY, Number.NaN] });
      });
    });

    h.group('dot and outer', () => {
      const v = randomNd([4], 700);
      const w = randomNd([4], 701);
      const m = randomNd([3, 4], 702);
      const n = randomNd([4, 2], 703);
      h.test('vector · vector is a scalar', () => {
        const ref = matMul(nd([1, 4], v.data), nd([4, 1], w.data));
        expectNd(g.dot(f32(v), f32(w)), nd([], ref.data), h.tol('linalg'));
      });
      h.test('matrix · vector', () => {
        expectNd(
          g.dot(f32(m), f32(v)),
          nd([3], matMul(m, nd([4, 1], v.data)).data),
          h.tol('linalg'),
        );
      });
      h.test('vector · matrix', () => {
        expectNd(
          g.dot(f32(v), f32(n)),
          nd([2], matMul(nd([1, 4], v.data), n).data),
          h.tol('linalg'),
        );
      });
      h.test('matrix · matrix', () => {
        expectNd(g.dot(f32(m), f32(n)), matMul(m, n), h.tol('linalg'));
      });
      h.test('outer of [4] and [3]', () => {
        const u = randomNd([3], 704);
        expectNd(
          g.outer(f32(v), f32(u)),
          matMul(nd([4, 1], v.data), nd([1, 3], u.data)),
          h.tol('elementwise'),
        );
      });
    });
  });
}
