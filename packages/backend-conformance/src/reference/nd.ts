/**
 * Plain float64 n-d arrays for the reference implementations. Nothing here touches a backend: a
 * backend is never tested against itself, so every expected value in the kit comes from these loops
 * or from numbers worked out by hand.
 */
import { sizeFromShape, stridesOf } from '@glia/core';

/** A row-major n-d array of float64 numbers (booleans as 0/1). */
export interface Nd {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

/** Builds an `Nd`, checking that `data` fills `shape`. */
export function nd(shape: readonly number[], data: readonly number[]): Nd {
  if (sizeOf(shape) !== data.length) {
    throw new Error(`reference: ${data.length} values do not fill shape [${shape.join(',')}]`);
  }
  return { shape: [...shape], data: [...data] };
}

/**
 * Element counts and row-major strides are shape bookkeeping, not kernel math, and come from core:
 * the references still compute every value themselves.
 */
export const sizeOf = sizeFromShape;
export { stridesOf };

/** The coordinates of flat `index` in `shape`. */
export function unravel(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    coords[i] = index % d;
    index = Math.floor(index / d);
  }
  return coords;
}

/** The flat index of `coords` under `strides`. */
export function ravel(coords: readonly number[], strides: readonly number[]): number {
  let i = 0;
  for (let k = 0; k < coords.length; k++) i += coords[k]! * strides[k]!;
  return i;
}

/** The element of `x` at `coords`. */
export function at(x: Nd, coords: readonly number[]): number {
  return x.data[ravel(coords, stridesOf(x.shape))]!;
}

/** NumPy broadcasting of two shapes, or undefined when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Repeats `x` along size-1 (and missing leading) dimensions to fill `shape`. */
export function broadcastTo(x: Nd, shape: readonly number[]): Nd {
  const offset = shape.length - x.shape.length;
  const strides = stridesOf(x.shape);
  const size = sizeOf(shape);
  const data = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    const c = unravel(i, shape);
    let src = 0;
    for (let k = 0; k < x.shape.length; k++) {
      const d = x.shape[k]!;
      src += (d === 1 ? 0 : c[k + offset]!) * strides[k]!;
    }
    data[i] = x.data[src]!;
  }
  return { shape: [...shape], data };
}

/** Applies `f` to each element. */
export function map(x: Nd, f: (v: number) => number): Nd {
  return { shape: [...x.shape], data: x.data.map(f) };
}

/** Applies `f` elementwise to `a` and `b` broadcast together. */
export function zip(a: Nd, b: Nd, f: (x: number, y: number) => number): Nd {
  const shape = broadcastShape(a.shape, b.shape);
  if (!shape)
    throw new Error(
      `reference: [${a.shape.join(',')}] and [${b.shape.join(',')}] do not broadcast`,
    );
  const ab = broadcastTo(a, shape);
  const bb = broadcastTo(b, shape);
  return { shape, data: ab.data.map((v, i) => f(v, bb.data[i]!)) };
}

/** Applies `f` elementwise to three arrays broadcast together. */
export function zip3(a: Nd, b: Nd, c: Nd, f: (x: number, y: number, z: number) => number): Nd {
  const shape = broadcastShape(broadcastShape(a.shape, b.shape) ?? [], c.shape);
  if (!shape) throw new Error('reference: operands do not broadcast');
  const ab = broadcastTo(a, shape);
  const bb = broadcastTo(b, shape);
  const cb = broadcastTo(c, shape);
  return { shape, data: ab.data.map((v, i) => f(v, bb.data[i]!, cb.data[i]!)) };
}

/** A small seeded generator (mulberry32) for test inputs, independent of core's PRNG. */
export class TestRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Uniform in [lo, hi), rounded to float32 so the reference sees exactly what the backend sees. */
  uniform(lo: number, hi: number): number {
    return Math.fround(lo + (hi - lo) * this.next());
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

/** An `Nd` of float32-representable uniform values in [lo, hi). */
export function randomNd(shape: readonly number[], seed: number, lo = -1, hi = 1): Nd {
  const rng = new TestRandom(seed);
  return {
    shape: [...shape],
    data: Array.from({ length: sizeOf(shape) }, () => rng.uniform(lo, hi)),
  };
}

/** An `Nd` of integers in [lo, hi]. */
export function randomIntNd(shape: readonly number[], seed: number, lo: number, hi: number): Nd {
  const rng = new TestRandom(seed);
  return { shape: [...shape], data: Array.from({ length: sizeOf(shape) }, () => rng.int(lo, hi)) };
}
