/** Float64 reference movement ops, by direct index arithmetic. */
import { type Nd, ravel, sizeOf, stridesOf, unravel } from './nd';

export function transpose(x: Nd, perm: readonly number[]): Nd {
  const shape = perm.map((p) => x.shape[p]!);
  const xs = stridesOf(x.shape);
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const c = unravel(i, shape);
    let src = 0;
    perm.forEach((p, k) => {
      src += c[k]! * xs[p]!;
    });
    return x.data[src]!;
  });
  return { shape, data };
}

export function slice(x: Nd, begin: readonly number[], size: readonly number[]): Nd {
  const xs = stridesOf(x.shape);
  const data = Array.from({ length: sizeOf(size) }, (_, i) => {
    const c = unravel(i, size).map((v, k) => v + begin[k]!);
    return x.data[ravel(c, xs)]!;
  });
  return { shape: [...size], data };
}

export function concat(xs: readonly Nd[], axis: number): Nd {
  const first = xs[0]!;
  const a = axis < 0 ? axis + first.shape.length : axis;
  const shape = [...first.shape];
  shape[a] = xs.reduce((s, x) => s + x.shape[a]!, 0);
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const c = unravel(i, shape);
    let k = 0;
    let pos = c[a]!;
    while (pos >= xs[k]!.shape[a]!) {
      pos -= xs[k]!.shape[a]!;
      k++;
    }
    const src = xs[k]!;
    const cc = [...c];
    cc[a] = pos;
    return src.data[ravel(cc, stridesOf(src.shape))]!;
  });
  return { shape, data };
}

export function pad(x: Nd, paddings: readonly (readonly [number, number])[], value: number): Nd {
  const shape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const xs = stridesOf(x.shape);
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const c = unravel(i, shape).map((v, k) => v - paddings[k]![0]);
    return c.every((v, k) => v >= 0 && v < x.shape[k]!) ? x.data[ravel(c, xs)]! : value;
  });
  return { shape, data };
}

export function tile(x: Nd, reps: readonly number[]): Nd {
  const shape = x.shape.map((d, i) => d * reps[i]!);
  const xs = stridesOf(x.shape);
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const c = unravel(i, shape).map((v, k) => v % x.shape[k]!);
    return x.data[ravel(c, xs)]!;
  });
  return { shape, data };
}

export function reverse(x: Nd, axes: readonly number[]): Nd {
  const rank = x.shape.length;
  const ax = axes.map((a) => (a < 0 ? a + rank : a));
  const xs = stridesOf(x.shape);
  const data = x.data.map((_, i) => {
    const c = unravel(i, x.shape).map((v, k) => (ax.includes(k) ? x.shape[k]! - 1 - v : v));
    return x.data[ravel(c, xs)]!;
  });
  return { shape: [...x.shape], data };
}

export function gather(x: Nd, indices: Nd, axis: number): Nd {
  const a = axis < 0 ? axis + x.shape.length : axis;
  const shape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
  const xs = stridesOf(x.shape);
  const ir = indices.shape.length;
  const data = Array.from({ length: sizeOf(shape) }, (_, i) => {
    const c = unravel(i, shape);
    const idxCoords = c.slice(a, a + ir);
    const idx = indices.data[ravel(idxCoords, stridesOf(indices.shape))]!;
    const src = [...c.slice(0, a), idx, ...c.slice(a + ir)];
    return x.data[ravel(src, xs)]!;
  });
  return { shape, data };
}

export function unsortedSegmentSum(
  x: Nd,
  ids: readonly number[],
  numSegments: number,
  axis: number,
): Nd {
  const shape = [...x.shape];
  shape[axis] = numSegments;
  const os = stridesOf(shape);
  const data = new Array<number>(sizeOf(shape)).fill(0);
  x.data.forEach((v, i) => {
    const c = unravel(i, x.shape);
    const id = ids[c[axis]!]!;
    if (id < 0 || id >= numSegments) return;
    c[axis] = id;
    data[ravel(c, os)]! += v;
  });
  return { shape, data };
}

export function oneHot(indices: Nd, depth: number, on = 1, off = 0): Nd {
  const data: number[] = [];
  for (const idx of indices.data) for (let k = 0; k < depth; k++) data.push(k === idx ? on : off);
  return { shape: [...indices.shape, depth], data };
}
