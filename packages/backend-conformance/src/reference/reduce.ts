/** Float64 reference reductions, softmax and friends, by direct loops. */
import { type Nd, sizeOf, stridesOf, unravel } from './nd';

/** Normalises `axes` (undefined = all) against `rank`: non-negative and sorted. */
export function normAxes(axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  return list.map((a) => (a < 0 ? a + rank : a)).sort((a, b) => a - b);
}

/** The shape after reducing `axes`. */
export function reducedShape(
  shape: readonly number[],
  axes: readonly number[],
  keepDims: boolean,
): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** Groups the elements of `x` by their position in the reduced output. */
function groups(x: Nd, axes: readonly number[]): { shape: number[]; groups: number[][] } {
  const outShape = reducedShape(x.shape, axes, false);
  const outStrides = stridesOf(outShape);
  const out: number[][] = Array.from({ length: sizeOf(outShape) }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const c = unravel(i, x.shape);
    let o = 0;
    let k = 0;
    for (let d = 0; d < c.length; d++) {
      if (axes.includes(d)) continue;
      o += c[d]! * outStrides[k]!;
      k++;
    }
    out[o]!.push(x.data[i]!);
  }
  return { shape: outShape, groups: out };
}

/** Reduces `x` over `axes` with `f` on each group of values. */
export function reduce(
  x: Nd,
  axes: number | readonly number[] | undefined,
  f: (values: number[]) => number,
  keepDims = false,
): Nd {
  const ax = normAxes(axes, x.shape.length);
  const g = groups(x, ax);
  return { shape: reducedShape(x.shape, ax, keepDims), data: g.groups.map(f) };
}

const nanOr = (vs: number[], f: (vs: number[]) => number): number =>
  vs.some(Number.isNaN) ? Number.NaN : f(vs);

/** Reduction bodies by op name. max/min propagate NaN and give ∓Infinity over nothing. */
export const REDUCERS: Record<string, (values: number[]) => number> = {
  sum: (vs) => vs.reduce((a, b) => a + b, 0),
  prod: (vs) => vs.reduce((a, b) => a * b, 1),
  max: (vs) => nanOr(vs, (v) => v.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)),
  min: (vs) => nanOr(vs, (v) => v.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY)),
  mean: (vs) => vs.reduce((a, b) => a + b, 0) / vs.length,
  all: (vs) => Number(vs.every((v) => v !== 0)),
  any: (vs) => Number(vs.some((v) => v !== 0)),
  logSumExp: logSumExpOf,
  variance: (vs) => {
    const m = vs.reduce((a, b) => a + b, 0) / vs.length;
    return vs.reduce((a, b) => a + (b - m) * (b - m), 0) / vs.length;
  },
};

/** log(sum(exp(v))), shifted by the max. */
export function logSumExpOf(vs: number[]): number {
  const m = vs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(m)) return m;
  return m + Math.log(vs.reduce((a, b) => a + Math.exp(b - m), 0));
}

/** Calls `f` with the flat indices of each 1-D lane of `x` along `axis`. */
export function forEachLane(
  shape: readonly number[],
  axis: number,
  f: (indices: number[]) => void,
): void {
  const strides = stridesOf(shape);
  const n = shape[axis]!;
  const outer = sizeOf(shape) / Math.max(n, 1);
  const laneShape = shape.map((d, i) => (i === axis ? 1 : d));
  for (let o = 0; o < (n === 0 ? 0 : outer); o++) {
    const c = unravel(o, laneShape);
    let base = 0;
    for (let d = 0; d < c.length; d++) base += c[d]! * strides[d]!;
    f(Array.from({ length: n }, (_, k) => base + k * strides[axis]!));
  }
}

/** Index of the first maximum (or minimum) along `axis`, as a reduced `Nd`. */
export function argReduce(x: Nd, axis: number, which: 'max' | 'min'): Nd {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const outShape = x.shape.filter((_, i) => i !== a);
  const data: number[] = [];
  forEachLane(x.shape, a, (idx) => {
    let best = 0;
    for (let k = 1; k < idx.length; k++) {
      const v = x.data[idx[k]!]!;
      const b = x.data[idx[best]!]!;
      if (which === 'max' ? v > b : v < b) best = k;
    }
    data.push(best);
  });
  return { shape: outShape, data };
}

/** softmax (or logSoftmax) along `axis`. */
export function softmax(x: Nd, axis: number, log = false): Nd {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const out = new Array<number>(x.data.length);
  forEachLane(x.shape, a, (idx) => {
    const vs = idx.map((i) => x.data[i]!);
    const m = vs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
    const shifted = vs.map((v) => v - m);
    const sum = shifted.reduce((a, b) => a + Math.exp(b), 0);
    idx.forEach((i, k) => {
      out[i] = log ? shifted[k]! - Math.log(sum) : Math.exp(shifted[k]!) / sum;
    });
  });
  return { shape: [...x.shape], data: out };
}
