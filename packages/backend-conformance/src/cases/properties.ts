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
import { type Nd, randomIntNd, randomNd, sizeOf, zip } from '../reference/nd';
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

/** Two operands of random data with the given shapes, from seeds `seed` and `seed + 1`. */
const randomPair = (a: number[], b: number[], seed: number): [Nd, Nd] => [
  randomNd(a, seed),
  randomNd(b, seed + 1),
];

const axesOf = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);

const permArb = (rank: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(axesOf(rank), { minLength: rank, maxLength: rank });

const seedArb = fc.integer({ min: 1, max: 1_000_000 });

/** `[shape, ...extras(shape), seed]`: a random shape, arguments drawn for it, and a data seed. */
function withShape<Ts extends unknown[]>(
  shapes: fc.Arbitrary<number[]>,
  extras: (shape: number[]) => { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
): fc.Arbitrary<[number[], ...Ts, number]> {
  return shapes.chain(
    (shape) =>
      fc.tuple(fc.constant(shape), ...extras(shape), seedArb) as fc.Arbitrary<
        [number[], ...Ts, number]
      >,
  );
}

/** One draw of `arb` per axis of a rank-`rank` shape. */
const perAxis = <T>(rank: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.array(arb, { minLength: rank, maxLength: rank });

function inverse(perm: readonly number[]): number[] {
  const out = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    out[p] = i;
  });
  return out;
}

export function definePropertyCases(h: Harness): void {
  /** A property case: `check` holds, in a tidy scope, for RUNS seeded draws of `arbs`. */
  const property = <Ts extends [unknown, ...unknown[]]>(
    title: string,
    ...args: [...arbs: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> }, check: (...values: Ts) => void]
  ): void =>
    h.test(title, () => {
      const check = args[args.length - 1] as (...values: Ts) => void;
      const arbs = args.slice(0, -1) as unknown as { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };
      fc.assert(
        fc.property(...arbs, (...values: Ts) => {
          g.tidy(() => check(...values));
        }),
        RUNS,
      );
    });

  /** A property of two random operands of broadcastable shapes. */
  const broadcastProperty = (title: string, check: (a: Nd, b: Nd) => void): void =>
    property(title, broadcastPairArb, seedArb, ([as, bs], seed) =>
      check(...randomPair(as, bs, seed)),
    );

  h.family('properties', () => {
    broadcastProperty(
      'broadcasting: add, mul and maximum of random broadcastable shapes match the reference',
      (a, b) => {
        for (const [name, op] of [
          ['add', g.add],
          ['mul', g.mul],
          ['maximum', g.maximum],
        ] as const) {
          expectNd(op(f32(a), f32(b)), zip(a, b, BINARY_FLOAT[name]!), h.tol('elementwise'));
        }
      },
    );

    broadcastProperty(
      'broadcasting: greaterEqual and where of random broadcastable shapes',
      (a, b) => {
        const ge = zip(a, b, COMPARE.greaterEqual!);
        expectNd(g.greaterEqual(f32(a), f32(b)), ge, EXACT, 'bool');
        expectNd(
          g.where(g.greaterEqual(f32(a), f32(b)), f32(a), f32(b)),
          zip(a, b, Math.max),
          EXACT,
        );
      },
    );

    property(
      'transpose matches the reference, and the inverse permutation restores the input',
      withShape(shapeArb(1, 5), (shape) => [permArb(shape.length)]),
      ([shape, perm, seed]) => {
        const x = randomNd(shape, seed);
        const t = g.transpose(f32(x), perm);
        expectNd(t, mv.transpose(x, perm), EXACT);
        expectNd(g.transpose(t, inverse(perm)), x, EXACT);
      },
    );

    property(
      'reshape to a random factorisation and back is the identity',
      fc.tuple(shapeArb(0, 4), shapeArb(1, 3), seedArb),
      ([shape, extra, seed]) => {
        const full = [...shape, ...extra];
        const x = randomNd(full, seed);
        const flat = g.reshape(f32(x), [sizeOf(extra), -1]);
        expect([...flat.shape]).toEqual([sizeOf(extra), sizeOf(shape)]);
        expectNd(g.reshape(flat, full), x, EXACT);
      },
    );

    property(
      'concat then split along a random axis is the identity',
      withShape(shapeArb(1, 4), (shape) => [
        fc.integer({ min: 0, max: shape.length - 1 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
      ]),
      ([shape, axis, sizes, seed]) => {
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
      },
    );

    property(
      'slice of a random block matches the reference',
      withShape(shapeArb(1, 5), (shape) => [
        fc.tuple(
          ...shape.map((d) =>
            fc
              .integer({ min: 0, max: d })
              .chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: 0, max: d - b }))),
          ),
        ),
      ]),
      ([shape, blocks, seed]) => {
        const x = randomNd(shape, seed);
        const begin = blocks.map(([b]) => b);
        const size = blocks.map(([, s]) => s);
        expectNd(g.slice(f32(x), begin, size), mv.slice(x, begin, size), EXACT);
      },
    );

    property(
      'tile, reverse and pad of random shapes match the reference',
      withShape(shapeArb(1, 4), (shape) => [
        perAxis(shape.length, fc.integer({ min: 0, max: 3 })),
        fc.subarray(axesOf(shape.length)),
        perAxis(
          shape.length,
          fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
        ),
        fc.integer({ min: -5, max: 5 }),
      ]),
      ([shape, reps, axes, paddings, value, seed]) => {
        const x = randomNd(shape, seed);
        expectNd(g.tile(f32(x), reps), mv.tile(x, reps), EXACT);
        expectNd(g.reverse(f32(x), axes), mv.reverse(x, axes), EXACT);
        expectNd(g.pad(f32(x), paddings, value), mv.pad(x, paddings, value), EXACT);
      },
    );

    property(
      'gather with random indices along a random axis matches the reference',
      withShape(shapeArb(1, 4), (shape) => [
        fc.integer({ min: 0, max: shape.length - 1 }),
        shapeArb(0, 2, 3),
      ]),
      ([shape, axis, indexShape, seed]) => {
        const x = randomNd(shape, seed);
        const idx = randomIntNd(indexShape, seed + 1, 0, shape[axis]! - 1);
        expectNd(g.gather(f32(x), ints(idx.shape, idx.data), axis), mv.gather(x, idx, axis), EXACT);
      },
    );

    property(
      'sum and max over random axes with random keepDims match the reference',
      withShape(shapeArb(1, 5), (shape) => [
        fc.subarray(axesOf(shape.length), { minLength: 1 }),
        fc.boolean(),
      ]),
      ([shape, axes, keepDims, seed]) => {
        const x = randomNd(shape, seed);
        expectNd(
          g.sum(f32(x), axes, keepDims),
          reduce(x, axes, REDUCERS.sum!, keepDims),
          h.tol('reduction'),
        );
        expectNd(g.max(f32(x), axes, keepDims), reduce(x, axes, REDUCERS.max!, keepDims), EXACT);
      },
    );

    property(
      'softmax along a random axis matches the reference',
      withShape(shapeArb(1, 4), (shape) => [fc.integer({ min: 0, max: shape.length - 1 })]),
      ([shape, axis, seed]) => {
        const x = randomNd(shape, seed, -5, 5);
        expectNd(g.softmax(f32(x), axis), softmax(x, axis), h.tol('reduction'));
      },
    );

    property(
      'matMul of random batched, broadcast and transposed shapes matches the reference',
      fc.tuple(
        broadcastPairArb,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.boolean(),
        seedArb,
      ),
      ([[batchA, batchB], m, k, n, ta, tb, seed]) => {
        const [a, b] = randomPair(
          [...batchA.slice(-2), ...(ta ? [k, m] : [m, k])],
          [...batchB.slice(-2), ...(tb ? [n, k] : [k, n])],
          seed,
        );
        expectNd(g.matMul(f32(a), f32(b), ta, tb), matMul(a, b, ta, tb), h.tol('linalg'));
      },
    );

    property(
      'unsortedSegmentSum inverts gather: sums of gathered rows match the reference',
      fc.tuple(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        seedArb,
      ),
      ([rows, cols, count, seed]) => {
        const ids = randomIntNd([count], seed, -1, rows);
        const x = randomNd([count, cols], seed + 1);
        expectNd(
          g.unsortedSegmentSum(f32(x), ints([count], ids.data), rows),
          mv.unsortedSegmentSum(x, ids.data, rows, 0),
          h.tol('elementwise'),
        );
      },
    );
  });
}
