import { allocArray, fmtShape, ShapeError, type TensorInfo, type TypedArray } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import type { WasmRuntime } from '../wasm/runtime';
import { type WasmOperands, withWasm } from './wasm-operands';

/** Rows, inner steps and columns per cache block; a 64×256 float32 block of B is 64 KiB. */
const BLOCK_M = 64;
const BLOCK_K = 64;
const BLOCK_N = 256;

/** Where a matrix (float32 unless said) starts in a flat array and how it is laid out. */
export interface MatrixView<Values extends TypedArray = Float32Array> {
  values: Values;
  offset: number;
  /** Whether the array holds the matrix transposed (columns contiguous). */
  transposed: boolean;
}

/** Copies the k×n matrix stored transposed ([n, k] at `offset`) into row-major [k, n]. */
function untranspose(values: Float32Array, offset: number, k: number, n: number): Float32Array {
  const out = new Float32Array(k * n);
  // Blocked so both the reads and the writes stay in cache.
  for (let j0 = 0; j0 < n; j0 += 32) {
    const jEnd = Math.min(j0 + 32, n);
    for (let k0 = 0; k0 < k; k0 += 32) {
      const kEnd = Math.min(k0 + 32, k);
      for (let j = j0; j < jEnd; j++) {
        const src = offset + j * k;
        for (let kk = k0; kk < kEnd; kk++) out[kk * n + j] = values[src + kk]!;
      }
    }
  }
  return out;
}

/*
 * The micro-kernels below update rows of C over one (k, j) block. They hold a 4×4 tile of A in
 * locals and load each element of B once for four rows of C: in V8 this register blocking is worth
 * about 8x over the plain i-k-j loop. A[i, kk] is at aRow(i) + kk * aColStride.
 */

/** One (k, j) cache block of the product: inner steps [k0, kEnd) and columns [j0, jEnd). */
interface Block {
  A: Float32Array;
  aColStride: number;
  B: Float32Array;
  bOffset: number;
  c: Float64Array;
  n: number;
  k0: number;
  kEnd: number;
  j0: number;
  jEnd: number;
}

/** c rows r..r+3 (starting at `c0`) += A rows (starting at `ar0`, `aRowStride` apart) · B block. */
function accumulateFourRows(block: Block, ar0: number, aRowStride: number, c0: number): void {
  const { A, aColStride, B, bOffset, c, n, k0, kEnd, j0, jEnd } = block;
  const ar1 = ar0 + aRowStride;
  const ar2 = ar1 + aRowStride;
  const ar3 = ar2 + aRowStride;
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  let kk = k0;
  for (; kk + 3 < kEnd; kk += 4) {
    const p0 = kk * aColStride;
    const p1 = p0 + aColStride;
    const p2 = p1 + aColStride;
    const p3 = p2 + aColStride;
    const a00 = A[ar0 + p0]!,
      a01 = A[ar0 + p1]!,
      a02 = A[ar0 + p2]!,
      a03 = A[ar0 + p3]!;
    const a10 = A[ar1 + p0]!,
      a11 = A[ar1 + p1]!,
      a12 = A[ar1 + p2]!,
      a13 = A[ar1 + p3]!;
    const a20 = A[ar2 + p0]!,
      a21 = A[ar2 + p1]!,
      a22 = A[ar2 + p2]!,
      a23 = A[ar2 + p3]!;
    const a30 = A[ar3 + p0]!,
      a31 = A[ar3 + p1]!,
      a32 = A[ar3 + p2]!,
      a33 = A[ar3 + p3]!;
    const b0 = bOffset + kk * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = j0; j < jEnd; j++) {
      const x0 = B[b0 + j]!,
        x1 = B[b1 + j]!,
        x2 = B[b2 + j]!,
        x3 = B[b3 + j]!;
      c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
      c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
      c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
    }
  }
  for (; kk < kEnd; kk++) {
    const p = kk * aColStride;
    const a0 = A[ar0 + p]!,
      a1 = A[ar1 + p]!,
      a2 = A[ar2 + p]!,
      a3 = A[ar3 + p]!;
    const br = bOffset + kk * n;
    for (let j = j0; j < jEnd; j++) {
      const x = B[br + j]!;
      c[c0 + j] += a0 * x;
      c[c1 + j] += a1 * x;
      c[c2 + j] += a2 * x;
      c[c3 + j] += a3 * x;
    }
  }
}

/** One row of c (at `cr`) += one row of A (at `ar`) · B block: the leftover rows of a block. */
function accumulateOneRow(block: Block, ar: number, cr: number): void {
  const { A, aColStride, B, bOffset, c, n, k0, kEnd, j0, jEnd } = block;
  let kk = k0;
  for (; kk + 3 < kEnd; kk += 4) {
    const p0 = ar + kk * aColStride;
    const a0 = A[p0]!,
      a1 = A[p0 + aColStride]!,
      a2 = A[p0 + 2 * aColStride]!,
      a3 = A[p0 + 3 * aColStride]!;
    const b0 = bOffset + kk * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = j0; j < jEnd; j++)
      c[cr + j] += a0 * B[b0 + j]! + a1 * B[b1 + j]! + a2 * B[b2 + j]! + a3 * B[b3 + j]!;
  }
  for (; kk < kEnd; kk++) {
    const a = A[ar + kk * aColStride]!;
    const br = bOffset + kk * n;
    for (let j = j0; j < jEnd; j++) c[cr + j] += a * B[br + j]!;
  }
}

/**
 * `c[cOffset + i*n + j] += Σ_kk A[i,kk] · B[kk,j]` for an m×k A and a k×n B, accumulating in float64.
 * Cache-blocked, i-k-j order: the innermost loop runs along contiguous rows of B and C.
 * A transposed B is first copied untransposed, since walking it by columns would miss the cache.
 */
export function matMulAccumulate(
  a: MatrixView,
  b: MatrixView,
  c: Float64Array,
  cOffset: number,
  m: number,
  k: number,
  n: number,
): void {
  const A = a.values;
  let B = b.values;
  let bOffset = b.offset;
  if (b.transposed) {
    B = untranspose(b.values, b.offset, k, n);
    bOffset = 0;
  }
  const aRowStride = a.transposed ? 1 : k;
  const aColStride = a.transposed ? m : 1;
  for (let i0 = 0; i0 < m; i0 += BLOCK_M) {
    const iEnd = Math.min(i0 + BLOCK_M, m);
    for (let k0 = 0; k0 < k; k0 += BLOCK_K) {
      const kEnd = Math.min(k0 + BLOCK_K, k);
      for (let j0 = 0; j0 < n; j0 += BLOCK_N) {
        const jEnd = Math.min(j0 + BLOCK_N, n);
        const block: Block = { A, aColStride, B, bOffset, c, n, k0, kEnd, j0, jEnd };
        let i = i0;
        for (; i + 3 < iEnd; i += 4) {
          accumulateFourRows(block, a.offset + i * aRowStride, aRowStride, cOffset + i * n);
        }
        for (; i < iEnd; i++) accumulateOneRow(block, a.offset + i * aRowStride, cOffset + i * n);
      }
    }
  }
}

/** The int32 product, wrapping like int32 arithmetic (exact, since wraparound is order-independent). */
function intMatMul(
  a: MatrixView<TypedArray>,
  b: MatrixView<TypedArray>,
  c: Int32Array,
  cOffset: number,
  m: number,
  k: number,
  n: number,
): void {
  const aRowStride = a.transposed ? 1 : k;
  const aColStride = a.transposed ? m : 1;
  const bRowStride = b.transposed ? 1 : n;
  const bColStride = b.transposed ? k : 1;
  for (let i = 0; i < m; i++) {
    for (let kk = 0; kk < k; kk++) {
      const aik = a.values[a.offset + i * aRowStride + kk * aColStride]!;
      const bRow = b.offset + kk * bRowStride;
      for (let j = 0; j < n; j++) {
        const cIndex = cOffset + i * n + j;
        c[cIndex] = (c[cIndex]! + Math.imul(aik, b.values[bRow + j * bColStride]!)) | 0;
      }
    }
  }
}

/** The float32 batch product on the SIMD GEMM, reading both operands in place. */
function batchMatMulSimd(
  ops: WasmOperands,
  a: TensorInfo,
  b: TensorInfo,
  batch: number,
  m: number,
  k: number,
  n: number,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const { a: aPtr, b: bPtr } = ops.inputs('batchMatMul', { a, b });
  const size = batch * m * n;
  const out = ops.temp(size);
  const aStep = a.shape[0] === 1 ? 0 : m * k;
  const bStep = b.shape[0] === 1 ? 0 : k * n;
  for (let p = 0; p < batch; p++) {
    ops.runtime.gemm(
      m,
      n,
      k,
      aPtr + 4 * p * aStep,
      transposeA ? 1 : k,
      transposeA ? m : 1,
      bPtr + 4 * p * bStep,
      transposeB ? 1 : n,
      transposeB ? k : 1,
      out + 4 * p * m * n,
      n,
      true,
    );
  }
  return ops.output(out, size, [batch, m, n]);
}

/**
 * `batchMatMul`: [batch, m, k] × [batch, k, n] after the optional transposes; a batch of 1 broadcasts.
 * float32 runs on the SIMD GEMM when there is one, else on the JavaScript matMul above.
 */
export function matMulKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<'batchMatMul'> {
  return {
    batchMatMul: ({ a, b }, { transposeA, transposeB }) => {
      const [aBatch, aRows, aCols] = a.shape as [number, number, number];
      const [bBatch, bRows, bCols] = b.shape as [number, number, number];
      const m = transposeA ? aCols : aRows;
      const k = transposeA ? aRows : aCols;
      const kB = transposeB ? bCols : bRows;
      const n = transposeB ? bRows : bCols;
      if (k !== kB) {
        throw new ShapeError(
          `batchMatMul: inner dimensions differ: a is ${fmtShape(a.shape)}${transposeA ? ' (transposed)' : ''}, b is ${fmtShape(b.shape)}${transposeB ? ' (transposed)' : ''}`,
        );
      }
      if (aBatch !== bBatch && aBatch !== 1 && bBatch !== 1) {
        throw new ShapeError(
          `batchMatMul: batch sizes differ: a is ${fmtShape(a.shape)}, b is ${fmtShape(b.shape)}`,
        );
      }
      const batch = Math.max(aBatch, bBatch);
      const shape = [batch, m, n];
      const aOffset = (p: number): number => (aBatch === 1 ? 0 : p * m * k);
      const bOffset = (p: number): number => (bBatch === 1 ? 0 : p * k * n);
      if (a.dtype === 'float32') {
        return withWasm(
          runtime,
          storage,
          (ops) => batchMatMulSimd(ops, a, b, batch, m, k, n, transposeA, transposeB),
          () => {
            const aValues = storage.float32Values(a, 'batchMatMul', 'a');
            const bValues = storage.float32Values(b, 'batchMatMul', 'b');
            const out = storage.allocFloat32(batch * m * n);
            const accumulator = new Float64Array(m * n);
            for (let p = 0; p < batch; p++) {
              accumulator.fill(0);
              const aView = { values: aValues, offset: aOffset(p), transposed: transposeA };
              const bView = { values: bValues, offset: bOffset(p), transposed: transposeB };
              matMulAccumulate(aView, bView, accumulator, 0, m, k, n);
              out.set(accumulator, p * m * n);
            }
            return storage.output(out, shape, 'float32');
          },
        );
      }
      const out = allocArray(a.dtype, batch * m * n);
      const aValues = storage.values(a);
      const bValues = storage.values(b);
      const product = out instanceof Int32Array ? out : new Int32Array(out.length);
      for (let p = 0; p < batch; p++) {
        const aView = { values: aValues, offset: aOffset(p), transposed: transposeA };
        const bView = { values: bValues, offset: bOffset(p), transposed: transposeB };
        intMatMul(aView, bView, product, p * m * n, m, k, n);
      }
      // bool × bool: any nonzero term makes the output true.
      if (product !== out) for (let i = 0; i < out.length; i++) out[i] = product[i] !== 0 ? 1 : 0;
      return storage.output(out, shape, a.dtype);
    },
  };
}
