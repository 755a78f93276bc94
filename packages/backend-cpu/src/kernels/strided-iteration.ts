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
 * `out[i] = op(a[ia], b[ib])` over the broadcast shape `outShape`, with fast paths for operands of the
 * same shape and for scalar (size-1) operands.
 */
export function broadcastBinary(
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
  op: ElementwiseBinary,
): void {
  const size = out.length;
  if (size === 0) return;
  if (a.length === size && b.length === size) {
    for (let i = 0; i < size; i++) out[i] = op(a[i]!, b[i]!);
    return;
  }
  if (b.length === 1 && a.length === size) {
    const bv = b[0]!;
    for (let i = 0; i < size; i++) out[i] = op(a[i]!, bv);
    return;
  }
  if (a.length === 1 && b.length === size) {
    const av = a[0]!;
    for (let i = 0; i < size; i++) out[i] = op(av, b[i]!);
    return;
  }
  const rank = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const inner = outShape[rank - 1]!;
  const aInner = aStrides[rank - 1]!;
  const bInner = bStrides[rank - 1]!;
  const coord = new Array<number>(rank).fill(0);
  const outer = size / inner;
  let aBase = 0;
  let bBase = 0;
  let o = 0;
  for (let row = 0; row < outer; row++) {
    let ia = aBase;
    let ib = bBase;
    for (let j = 0; j < inner; j++, ia += aInner, ib += bInner) out[o++] = op(a[ia]!, b[ib]!);
    for (let d = rank - 2; d >= 0; d--) {
      aBase += aStrides[d]!;
      bBase += bStrides[d]!;
      if (++coord[d]! < outShape[d]!) break;
      aBase -= aStrides[d]! * outShape[d]!;
      bBase -= bStrides[d]! * outShape[d]!;
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
