// Index arithmetic on row-major (C-order) arrays: the one piece of geometry every kernel here uses.
// Written for clarity: each kernel walks its output element by element and asks where each element
// comes from, which is slow compared to a tuned backend but easy to check.

/** Row-major strides: the flat distance between neighbours along each dimension. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d]!;
  }
  return strides;
}

/** The number of elements of a shape (1 for a scalar, 0 when any dimension is 0). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** The coordinates of flat index `index` in an array of `shape`. */
export function coordsOf(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    coords[d] = index % size;
    index = Math.floor(index / size);
  }
  return coords;
}

/** The flat index of `coords` under `strides`. */
export function flatIndex(coords: readonly number[], strides: readonly number[]): number {
  let index = 0;
  for (let d = 0; d < coords.length; d++) index += coords[d]! * strides[d]!;
  return index;
}

/** NumPy broadcasting: shapes align on the right; each pair of sizes must be equal or contain 1. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides that read an array of `shape` as if it had the (larger) broadcast shape `outShape`:
 * stride 0 along dimensions it lacks or where its size is 1, so every output coordinate there maps
 * to its single element.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = outShape.length - shape.length;
  return outShape.map((_, d) => {
    const i = d - offset;
    return i < 0 || shape[i] === 1 ? 0 : own[i]!;
  });
}
