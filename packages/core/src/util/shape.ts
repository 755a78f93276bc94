import { fmtShape, ShapeError, ValueError } from '../errors';
import type { Shape } from '../types';

/** Number of elements of a tensor of `shape` (1 for a scalar). */
export function sizeFromShape(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides of `shape`, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Checks that every dimension is a non-negative integer. */
export function assertValidShape(op: string, shape: readonly number[]): void {
  if (!Array.isArray(shape))
    throw new ShapeError(`${op}: shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        `${op}: shape ${fmtShape(shape)} has an invalid dimension ${d}: expected non-negative integers`,
      );
    }
  }
}

/** Whether two shapes are equal. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; throws a ShapeError naming the op when they do not broadcast. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast: dimension ${i} is ${da} vs ${db}, expected equal or 1`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Normalises one possibly negative axis into [0, rank). */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(
      `${op}: axis ${axis} is out of range for rank ${rank}: expected an integer in [${-rank}, ${Math.max(rank, 1) - 1}]`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalises reduction axes: `undefined` means all axes; negatives count from the end; duplicates are
 * an error. Returns them sorted.
 */
export function normalizeAxes(
  op: string,
  axes: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ValueError(
        `${op}: axis ${a} is out of range for rank ${rank}: expected an integer in [${-rank}, ${rank - 1}]`,
      );
    }
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length)
    throw new ValueError(`${op}: axes [${list.join(',')}] repeat an axis`);
  return out.sort((x, y) => x - y);
}

/** The shape left after reducing `axes` (kept as 1s when `keepDims`). */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** The slices (`begin`, `size`) that cut `shape` into consecutive pieces of `sizes` along `axis`. */
export function splitSlices(
  shape: Shape,
  axis: number,
  sizes: readonly number[],
): { begin: number[]; size: number[] }[] {
  let offset = 0;
  return sizes.map((piece) => {
    const begin = shape.map((_, d) => (d === axis ? offset : 0));
    offset += piece;
    return { begin, size: shape.map((dim, d) => (d === axis ? piece : dim)) };
  });
}
