import { type Shape, shapesEqual, sizeFromShape, stridesOf, type TypedArray } from '@glia/core';

/*
 * Index iteration shared by the kernels: reading an input through arbitrary strides (transpose,
 * slice, reverse and broadcasting are all strided reads) and the broadcasting loop of binary kernels.
 * Both walk the output in row-major order with an odometer over the outer dimensions and a tight
 * loop over the innermost one.
 */

/** A function of two numbers computed per element by a binary kernel. */
export type ElementwiseBinary = (a: number, b: number) => number;

/**
 * One binary kernel's loop over a run of `count` outputs from `o`: `out[o + j] = op(a[ia + j·aStep],
 * b[ib + j·bStep])`, steps 0 (a broadcast value) or 1. Hot kernels write one with the arithmetic
 * inline, so no function is called per element.
 */
export type BinaryRunLoop = (
  out: TypedArray,
  o: number,
  a: TypedArray,
  ia: number,
  aStep: number,
  b: TypedArray,
  ib: number,
  bStep: number,
  count: number,
) => void;

/**
 * Strides (in elements) for reading an input of `inShape` as if it had `outShape` under NumPy
 * broadcasting: dimensions the input lacks or has as 1 get stride 0.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const inStrides = stridesOf(inShape);
  const offset = outShape.length - inShape.length;
  const strides = new Array<number>(outShape.length).fill(0);
  for (let d = 0; d < inShape.length; d++) {
    strides[d + offset] = inShape[d] === 1 && outShape[d + offset] !== 1 ? 0 : inStrides[d]!;
  }
  return strides;
}

/**
 * Writes `dst[o] = src[offset + Σ coord[d] * strides[d]]` for every output coordinate of `outShape`
 * in row-major order. Strides may be zero (broadcast) or negative (reverse).
 */
export function stridedCopy(
  src: TypedArray,
  dst: TypedArray,
  outShape: Shape,
  strides: readonly number[],
  offset: number,
): void {
  const size = sizeFromShape(outShape);
  if (size === 0) return;
  const rank = outShape.length;
  if (rank === 0) {
    dst[0] = src[offset]!;
    return;
  }
  const inner = outShape[rank - 1]!;
  const innerStride = strides[rank - 1]!;
  const coord = new Array<number>(rank).fill(0);
  const outer = size / inner;
  let base = offset;
  let o = 0;
  for (let row = 0; row < outer; row++) {
    if (innerStride === 1) {
      for (let j = 0; j < inner; j++) dst[o++] = src[base + j]!;
    } else {
      let s = base;
      for (let j = 0; j < inner; j++, s += innerStride) dst[o++] = src[s]!;
    }
    for (let d = rank - 2; d >= 0; d--) {
      base += strides[d]!;
      if (++coord[d]! < outShape[d]!) break;
      base -= strides[d]! * outShape[d]!;
      coord[d] = 0;
    }
  }
}

/** `values` (of `inShape`) broadcast to `outShape`, copied into `dst`; returns `values` itself when the shapes match. */
export function broadcastValues(
  values: TypedArray,
  inShape: Shape,
  outShape: Shape,
  dst: TypedArray,
): TypedArray {
  if (shapesEqual(inShape, outShape)) return values;
  stridedCopy(values, dst, outShape, broadcastStrides(inShape, outShape), 0);
  return dst;
}

/**
 * Elements per call of a run loop. Measured in Node 20 on [64,26,26,32]: a float32 add over the
 * whole tensor in one call of the loop takes 4-5x longer than the same loop called on 4096-element
 * pieces.
 */
export const RUN_CHUNK = 4096;

/** `run` over `count` outputs from `o`, in pieces of at most RUN_CHUNK elements. */
function chunkedRun(
  run: BinaryRunLoop,
  ...[out, o, a, ia, aStep, b, ib, bStep, count]: Parameters<BinaryRunLoop>
): void {
  for (let done = 0; done < count; done += RUN_CHUNK) {
    const piece = Math.min(RUN_CHUNK, count - done);
    run(out, o + done, a, ia + done * aStep, aStep, b, ib + done * bStep, bStep, piece);
  }
}

/**
 * The broadcast iteration with adjacent dimensions merged wherever both operands step through them
 * contiguously (or both stay put), so [64,26,26,32] + [32] becomes 43264 runs of 32.
 */
function mergedBroadcast(
  aShape: Shape,
  bShape: Shape,
  outShape: Shape,
): { shape: number[]; aStrides: number[]; bStrides: number[] } {
  const aAll = broadcastStrides(aShape, outShape);
  const bAll = broadcastStrides(bShape, outShape);
  const shape: number[] = [];
  const aStrides: number[] = [];
  const bStrides: number[] = [];
  for (let d = 0; d < outShape.length; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const last = shape.length - 1;
    if (last >= 0 && aStrides[last] === aAll[d]! * size && bStrides[last] === bAll[d]! * size) {
      shape[last]! *= size;
      aStrides[last] = aAll[d]!;
      bStrides[last] = bAll[d]!;
    } else {
      shape.push(size);
      aStrides.push(aAll[d]!);
      bStrides.push(bAll[d]!);
    }
  }
  if (shape.length === 0) return { shape: [1], aStrides: [0], bStrides: [0] };
  return { shape, aStrides, bStrides };
}

/**
 * `out[i] = op(a[ia], b[ib])` over the broadcast shape `outShape`, with fast paths for operands of the
 * same shape and for scalar (size-1) operands. With a `run` loop (the kernel's arithmetic inline) the
 * loop calls no function per element; without, it calls `op`.
 */
export function broadcastBinary(
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
  op: ElementwiseBinary,
  run?: BinaryRunLoop,
): void {
  const size = out.length;
  if (size === 0) return;
  const loop = run ?? runLoopOf(op);
  if (a.length === size && b.length === size) chunkedRun(loop, out, 0, a, 0, 1, b, 0, 1, size);
  else if (b.length === 1 && a.length === size) chunkedRun(loop, out, 0, a, 0, 1, b, 0, 0, size);
  else if (a.length === 1 && b.length === size) chunkedRun(loop, out, 0, a, 0, 0, b, 0, 1, size);
  else broadcastRuns(a, b, out, mergedBroadcast(aShape, bShape, outShape), loop);
}

/** The run loop that calls `op` per element. */
function runLoopOf(op: ElementwiseBinary): BinaryRunLoop {
  return (out, o, a, ia, aStep, b, ib, bStep, count) => {
    for (let j = 0; j < count; j++, ia += aStep, ib += bStep) out[o + j] = op(a[ia]!, b[ib]!);
  };
}

/** The general broadcast as runs along the merged innermost dimension, each one `run` call. */
function broadcastRuns(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  { shape, aStrides, bStrides }: ReturnType<typeof mergedBroadcast>,
  run: BinaryRunLoop,
): void {
  const rank = shape.length;
  const inner = shape[rank - 1]!;
  const aInner = aStrides[rank - 1]!;
  const bInner = bStrides[rank - 1]!;
  const coord = new Array<number>(rank).fill(0);
  const outer = out.length / inner;
  let aBase = 0;
  let bBase = 0;
  for (let row = 0, o = 0; row < outer; row++, o += inner) {
    if (inner <= RUN_CHUNK) run(out, o, a, aBase, aInner, b, bBase, bInner, inner);
    else chunkedRun(run, out, o, a, aBase, aInner, b, bBase, bInner, inner);
    for (let d = rank - 2; d >= 0; d--) {
      aBase += aStrides[d]!;
      bBase += bStrides[d]!;
      if (++coord[d]! < shape[d]!) break;
      aBase -= aStrides[d]! * shape[d]!;
      bBase -= bStrides[d]! * shape[d]!;
      coord[d] = 0;
    }
  }
}

/** Sizes around `axis`: the product of the dimensions before it, its own size, and the product after. */
export function splitAtAxis(
  shape: Shape,
  axis: number,
): { outer: number; size: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d]!;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]!;
  return { outer, size: shape[axis]!, inner };
}

/**
 * Copies `count` runs of `length` elements: run `r` from `src[srcStart + r·srcStride]` to
 * `dst[dstStart + r·dstStride]` (the row copies of concat and split). When both live in one buffer
 * (float32 tensors in the wasm arena) each run is a `copyWithin` on one view of that buffer: a
 * native move with no view allocated per run, faster than either a loop or `set(subarray)` for the
 * short rows of a recurrent cell's gates.
 */
export function copyRuns(
  src: TypedArray,
  srcStart: number,
  srcStride: number,
  dst: TypedArray,
  dstStart: number,
  dstStride: number,
  count: number,
  length: number,
): void {
  if (length === 0 || count === 0) return;
  const bytes = src.BYTES_PER_ELEMENT;
  if (
    src.buffer === dst.buffer &&
    src.constructor === dst.constructor &&
    src.buffer.byteLength % bytes === 0
  ) {
    const whole = new (src.constructor as new (buffer: ArrayBufferLike) => TypedArray)(src.buffer);
    const s0 = src.byteOffset / bytes + srcStart;
    const d0 = dst.byteOffset / bytes + dstStart;
    for (let r = 0; r < count; r++) {
      const from = s0 + r * srcStride;
      whole.copyWithin(d0 + r * dstStride, from, from + length);
    }
    return;
  }
  for (let r = 0; r < count; r++) {
    const from = srcStart + r * srcStride;
    dst.set(src.subarray(from, from + length), dstStart + r * dstStride);
  }
}
