/**
 * Property-based cases (fast-check, seeded, 25 runs each): random broadcastable shapes against the
 * reference, and round trips and references for the movement ops.
 */
import * as g from '@glia/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { EXACT, expectNd } from '../assert';
import { f32, ints } from '../fixtures';
import type { Harness } from '../harness';
import { BINARY_FLOAT, COMPARE } from '../reference/elementwise';
import { matMul } from '../reference/linalg';
import * as mv from '../reference/movement';
import { randomIntNd, randomNd, sizeOf, zip } from '../reference/nd';
import { REDUCERS, reduce, softmax } from '../reference/reduce';

const RUNS = { numRuns: 25, seed: 20240601 };

const shapeArb = (minRank = 0, maxRank = 4, maxDim = 4): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });

/** A pair of broadcastable shapes: b is a suffix of a with some dims set to 1, and a gets some 1s too. */
const broadcastPairArb: fc.Arbitrary<[number[], number[]]> = shapeArb(0, 5).chain((full) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: full.length }),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.boolean(),
    )
    .map(([drop, onesA, onesB, swap]): [number[], number[]] => {
      const a = full.map((d, i) => (onesA[i] && !onesB[i] ? 1 : d));
      const b = full.slice(drop).map((d, i) => (onesB[i + drop] ? 1 : d));
      return swap ? [b, a] : [a, b];
    }),
);

const permArb = (rank: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(
    Array.from({ length: rank }, (_, i) => i),
    { minLength: rank, maxLength: rank },
  );

const seedArb = fc.integer({ min: 1, max: 1_000_000 });

function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    out[p] = i;
  });
  return out;
}

export function definePropertyCases(h: Harness): void {
  h.family('properties', () => {
    h.test(
      'broadcasting: add, mul and maximum of random broadcastable shapes match the reference',
      () => {
        fc.assert(
          fc.property(broadcastPairArb, seedArb, ([as, bs], seed) => {
            g.tidy(() => {
              const a = randomNd(as, seed);
              const b = randomNd(bs, seed + 1);
              for (const [name, op] of [
                ['add', g.add],
                ['mul', g.mul],
                ['maximum', g.maximum],
              ] as const) {
                expectNd(op(f32(a), f32(b)), zip(a, b, BINARY_FLOAT[name]!), h.tol('elementwise'));
              }
            });
          }),
          RUNS,
        );
      },
    );

    h.test('broadcasting: greaterEqual and where of random broadcastable shapes', () => {
      fc.assert(
        fc.property(broadcastPairArb, seedArb, ([as, bs], seed) => {
          g.tidy(() => {
            const a = randomNd(as, seed);
            const b = randomNd(bs, seed + 1);
            const ge = zip(a, b, COMPARE.greaterEqual!);
            expectNd(g.greaterEqual(f32(a), f32(b)), ge, EXACT, 'bool');
            expectNd(
              g.where(g.greaterEqual(f32(a), f32(b)), f32(a), f32(b)),
              zip(a, b, Math.max),
              EXACT,
            );
          });
        }),
        RUNS,
      );
    });

    h.test(
      'transpose matches the reference, and the inverse permutation restores the input',
      () => {
        const arb = shapeArb(1, 5).chain((shape) =>
          fc.tuple(fc.constant(shape), permArb(shape.length), seedArb),
        );
        fc.assert(
          fc.property(arb, ([shape, perm, seed]) => {
            g.tidy(() => {
              const x = randomNd(shape, seed);
              const t = g.transpose(f32(x), perm);
              expectNd(t, mv.transpose(x, perm), EXACT);
              expectNd(g.transpose(t, inverse(perm)), x, EXACT);
            });
          }),
          RUNS,
        );
      },
    );

    h.test('reshape to a random factorisation and back is the identity', () => {
      const arb = fc.tuple(shapeArb(0, 4), shapeArb(1, 3), seedArb);
      fc.assert(
        fc.property(arb, ([shape, extra, seed]) => {
          g.tidy(() => {
            const full = [...shape, ...extra];
            const x = randomNd(full, seed);
            const flat = g.reshape(f32(x), [sizeOf(extra), -1]);
            expect([...flat.shape]).toEqual([sizeOf(extra), sizeOf(shape)]);
            expectNd(g.reshape(flat, full), x, EXACT);
          });
        }),
        RUNS,
      );
    });

    h.test('concat then split along a random axis is the identity', () => {
      const arb = shapeArb(1, 4).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.integer({ min: 0, max: shape.length - 1 }),
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
          seedArb,
        ),
      );
      fc.assert(
        fc.property(arb, ([shape, axis, sizes, seed]) => {
          g.tidy(() => {
            const parts = sizes.map((s, i) =>
              randomNd(
                shape.map((d, k) => (k === axis ? s : d)),
                seed + i,
              ),
            );
            const joined = g.concat(parts.map(f32), axis);
            expectNd(joined, mv.concat(parts, axis), EXACT);
            g.split(joined, sizes, axis).forEach((p, i) => {
              expectNd(p, parts[i]!, EXACT);
            });
          });
        }),
        RUNS,
      );
    });

    h.test('slice of a random block matches the reference', () => {
      const arb = shapeArb(1, 5).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.tuple(
            ...shape.map((d) =>
              fc
                .integer({ min: 0, max: d })
                .chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b }))),
            ),
          ),
          seedArb,
        ),
      );
      fc.assert(
        fc.property(arb, ([shape, blocks, seed]) => {
          g.tidy(() => {
            const x = randomNd(shape, seed);
            const begin = blocks.map(([b]) => b);
            const size = blocks.map(([, s]) => s);
            expectNd(g.slice(f32(x), begin, size), mv.slice(x, begin, size), EXACT);
          });
        }),
        RUNS,
      );
    });

    h.test('tile, reverse and pad of random shapes match the reference', () => {
      const arb = shapeArb(1, 4).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.array(fc.integer({ min: 0, max: 3 }), {
            minLength: shape.length,
            maxLength: shape.length,
          }),
          fc.subarray(Array.from({ length: shape.length }, (_, i) => i)),
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), {
            minLength: shape.length,
            maxLength: shape.length,
          }),
          fc.integer({ min: -5, max: 5 }),
          seedArb,
        ),
      );
      fc.assert(
        fc.property(arb, ([shape, reps, axes, paddings, value, seed]) => {
          g.tidy(() => {
            const x = randomNd(shape, seed);
            expectNd(g.tile(f32(x), reps), mv.tile(x, reps), EXACT);
            expectNd(g.reverse(f32(x), axes), mv.reverse(x, axes), EXACT);
            expectNd(g.pad(f32(x), paddings, value), mv.pad(x, paddings, value), EXACT);
          });
        }),
        RUNS,
      );
    });

    h.test('gather with random indices along a random axis matches the reference', () => {
      const arb = shapeArb(1, 4).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.integer({ min: 0, max: shape.length - 1 }),
          shapeArb(0, 2, 3),
          seedArb,
        ),
      );
      fc.assert(
        fc.property(arb, ([shape, axis, indexShape, seed]) => {
          g.tidy(() => {
            const x = randomNd(shape, seed);
            const idx = randomIntNd(indexShape, seed + 1, 0, shape[axis]! - 1);
            expectNd(
              g.gather(f32(x), ints(idx.shape, idx.data), axis),
              mv.gather(x, idx, axis),
              EXACT,
            );
          });
        }),
        RUNS,
      );
    });

    h.test('sum and max over random axes with random keepDims match the reference', () => {
      const arb = shapeArb(1, 5).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.subarray(
            Array.from({ length: shape.length }, (_, i) => i),
            { minLength: 1 },
          ),
          fc.boolean(),
          seedArb,
        ),
      );
      fc.assert(
        fc.property(arb, ([shape, axes, keepDims, seed]) => {
          g.tidy(() => {
            const x = randomNd(shape, seed);
            expectNd(
              g.sum(f32(x), axes, keepDims),
              reduce(x, axes, REDUCERS.sum!, keepDims),
              h.tol('reduction'),
            );
            expectNd(
              g.max(f32(x), axes, keepDims),
              reduce(x, axes, REDUCERS.max!, keepDims),
              EXACT,
            );
          });
        }),
        RUNS,
      );
    });

    h.test('softmax along a random axis matches the reference', () => {
      const arb = shapeArb(1, 4).chain((shape) =>
        fc.tuple(fc.constant(shape), fc.integer({ min: 0, max: shape.length - 1 }), seedArb),
      );
      fc.assert(
        fc.property(arb, ([shape, axis, seed]) => {
          g.tidy(() => {
            const x = randomNd(shape, seed, -5, 5);
            expectNd(g.softmax(f32(x), axis), softmax(x, axis), h.tol('reduction'));
          });
        }),
        RUNS,
      );
    });

    h.test(
      'matMul of random batched, broadcast and transposed shapes matches the reference',
      () => {
        const arb = fc.tuple(
          broadcastPairArb,
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 1, max: 5 }),
          fc.boolean(),
          fc.boolean(),
          seedArb,
        );
        fc.assert(
          fc.property(arb, ([[batchA, batchB], m, k, n, ta, tb, seed]) => {
            g.tidy(() => {
              const a = randomNd([...batchA.slice(-2), ...(ta ? [k, m] : [m, k])], seed);
              const b = randomNd([...batchB.slice(-2), ...(tb ? [n, k] : [k, n])], seed + 1);
              expectNd(g.matMul(f32(a), f32(b), ta, tb), matMul(a, b, ta, tb), h.tol('linalg'));
            });
          }),
          RUNS,
        );
      },
    );

    h.test('unsortedSegmentSum inverts gather: sums of gathered rows match the reference', () => {
      const arb = fc.tuple(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        seedArb,
      );
      fc.assert(
        fc.property(arb, ([rows, cols, count, seed]) => {
          g.tidy(() => {
            const ids = randomIntNd([count], seed, -1, rows);
            const x = randomNd([count, cols], seed + 1);
            expectNd(
              g.unsortedSegmentSum(f32(x), ints([count], ids.data), rows),
              mv.unsortedSegmentSum(x, ids.data, rows, 0),
              h.tol('elementwise'),
            );
          });
        }),
        RUNS,
      );
    });
  });
}
