import { conv2dGeometry, type TensorInfo, type Window2dGeometry } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { type MatrixView, matMulAccumulate } from './matmul';
import { type WasmOperands, withWasm } from './wasm-operands';

/*
 * conv2d and its two gradients as matrix products over the im2col patch matrix P, whose row
 * r = (b, oy, ox) holds the input cells under the filter at that output position, laid out
 * [fy, fx, ci] to match an HWIO filter seen as a [fh·fw·ci, co] matrix W:
 *   y = P · W,   dW = Pᵀ · dy,   dx = col2im(dy · Wᵀ).
 * P is built in chunks of rows so its memory stays bounded whatever the batch size.
 */

/** Patch-matrix elements per chunk (16 MiB of float32). */
const CHUNK_ELEMENTS = 1 << 22;
/**
 * The widest patch row the direct convolution takes: below it the GEMM's packing and its short
 * inner loops cost more than the products (the seed CNN's first layer has 3·3·1 = 9 columns and
 * ran at a few GFLOP/s through im2col + gemm).
 */
export const DIRECT_MAX_COLUMNS = 32;

function patchColumns(g: Window2dGeometry): number {
  return g.windowHeight * g.windowWidth * g.inChannels;
}

/**
 * Patch-matrix elements per chunk of the forward product (1 MiB of float32): im2col writes a chunk
 * and the GEMM packs it straight after, so a chunk small enough to stay in the cores' L2 caches is
 * read back from there rather than from memory (the seed CNN's inference spent about a seventh of
 * its time packing 16 MiB chunks). The gradients keep CHUNK_ELEMENTS: their chunks are summed in
 * order, so their size is part of their bits.
 */
const FORWARD_CHUNK_ELEMENTS = 1 << 18;

/** Rows of the patch matrix per chunk of `elements`. */
function chunkRows(g: Window2dGeometry, elements = CHUNK_ELEMENTS): number {
  return Math.max(1, Math.floor(elements / Math.max(1, patchColumns(g))));
}

/** Whether the window adds no padding on any side. */
function isUnpadded(g: Window2dGeometry): boolean {
  return g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0;
}

/** Whether the window reads adjacent cells (dilation 1 both ways). */
function isUndilated(g: Window2dGeometry): boolean {
  return g.dilationHeight === 1 && g.dilationWidth === 1;
}

/** Whether the patch matrix is the input itself (1×1 filter, stride 1, no padding). */
function isPointwise(g: Window2dGeometry): boolean {
  return (
    g.windowHeight === 1 &&
    g.windowWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    isUnpadded(g)
  );
}

/**
 * Whether conv2d runs as the wasm direct convolution: few patch columns, no padding, dilation 1,
 * and output channels in whole blocks of 16 (its four f32x4 accumulators).
 */
export function usesDirectConv2d(g: Window2dGeometry, co: number): boolean {
  return (
    patchColumns(g) <= DIRECT_MAX_COLUMNS &&
    co % 16 === 0 &&
    co > 0 &&
    isUndilated(g) &&
    isUnpadded(g) &&
    !isPointwise(g)
  );
}

/**
 * Walks rows [rowStart, rowEnd) of the patch matrix: calls `visit(patchOffset, inputOffset)` once
 * per filter tap, where `patchOffset` is the tap's first column (relative to row rowStart) and
 * `inputOffset` the input cell under it (channel 0), or -1 when that cell lies in the padding. The
 * output position is carried along from row to row rather than divided out.
 */
function forEachPatchTap(
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  visit: (patchOffset: number, inputOffset: number) => void,
): void {
  const ci = g.inChannels;
  const perImage = g.outHeight * g.outWidth;
  let b = Math.floor(rowStart / perImage);
  let oy = Math.floor((rowStart - b * perImage) / g.outWidth);
  let ox = rowStart - b * perImage - oy * g.outWidth;
  let tap = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const y0 = oy * g.strideHeight - g.padTop;
    const x0 = ox * g.strideWidth - g.padLeft;
    for (let fy = 0; fy < g.windowHeight; fy++) {
      const iy = y0 + fy * g.dilationHeight;
      const rowInside = iy >= 0 && iy < g.inHeight;
      const xRow = (b * g.inHeight + iy) * g.inWidth;
      for (let fx = 0; fx < g.windowWidth; fx++, tap += ci) {
        const ix = x0 + fx * g.dilationWidth;
        visit(tap, rowInside && ix >= 0 && ix < g.inWidth ? (xRow + ix) * ci : -1);
      }
    }
    if (++ox === g.outWidth) {
      ox = 0;
      if (++oy === g.outHeight) {
        oy = 0;
        b++;
      }
    }
  }
}

/** Fills `patches` with rows [rowStart, rowEnd) of the patch matrix of x; padding reads as zeros. */
function im2col(
  x: Float32Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  patches: Float32Array,
): void {
  const ci = g.inChannels;
  forEachPatchTap(g, rowStart, rowEnd, (dst, src) => {
    if (src < 0) patches.fill(0, dst, dst + ci);
    else for (let c = 0; c < ci; c++) patches[dst + c] = x[src + c]!;
  });
}

/**
 * Adds rows [rowStart, rowEnd) of a patch-matrix gradient back onto the input cells they came from;
 * cells in the padding are dropped.
 */
function col2im(
  patches: Float32Array | Float64Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  dx: Float32Array | Float64Array,
): void {
  const ci = g.inChannels;
  forEachPatchTap(g, rowStart, rowEnd, (src, dst) => {
    if (dst >= 0) for (let c = 0; c < ci; c++) dx[dst + c] += patches[src + c]!;
  });
}

/** The patch matrix rows [rowStart, rowEnd) as a matrix view, built in `scratch` unless x is already it. */
function patchView(
  x: Float32Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  scratch: Float32Array,
): MatrixView {
  if (isPointwise(g)) return { values: x, offset: rowStart * g.inChannels, transposed: false };
  im2col(x, g, rowStart, rowEnd, scratch);
  return { values: scratch, offset: 0, transposed: false };
}

/**
 * Writes patch rows [r0, r1) of x (at byte offset xPtr) into the block at `dst`: in wasm for
 * dilation 1, else with the JavaScript im2col into a view.
 */
function patchesInto(
  ops: WasmOperands,
  x: Float32Array,
  xPtr: number,
  g: Window2dGeometry,
  r0: number,
  r1: number,
  dst: number,
): void {
  const columns = patchColumns(g);
  if (isUndilated(g)) {
    // Rows are independent: split across threads.
    ops.runtime.split(r1 - r0, PARALLEL_MIN_ELEMENTS / Math.max(1, columns), 1, (s, e) => ({
      fn: 'im2col',
      args: [xPtr, dst + 4 * s * columns, r0 + s, r0 + e],
    }));
  } else im2col(x, g, r0, r1, ops.view(dst, (r1 - r0) * columns));
}

/**
 * dx += col2im(patch rows [r0, r1) at `src`), split across threads at image boundaries (rows of
 * different images write disjoint parts of dx; rows of one image overlap).
 */
function col2imSplit(
  ops: WasmOperands,
  g: Window2dGeometry,
  dx: number,
  src: number,
  r0: number,
  r1: number,
  columns: number,
): void {
  const perImage = g.outHeight * g.outWidth;
  const firstImage = Math.floor(r0 / perImage);
  const images = Math.ceil(r1 / perImage) - firstImage;
  ops.runtime.split(images, PARALLEL_MIN_ELEMENTS / Math.max(1, perImage * columns), 1, (s, e) => {
    const start = Math.max(r0, (firstImage + s) * perImage);
    const end = Math.min(r1, (firstImage + e) * perImage);
    return { fn: 'col2im', args: [dx, src + 4 * (start - r0) * columns, start, end] };
  });
}

/** Output positions: the rows of the patch matrix. */
function patchRows(g: Window2dGeometry): number {
  return g.batch * g.outHeight * g.outWidth;
}

/** Calls `each(r0, r1)` on consecutive chunks [r0, r1) of at most `step` of `rows` rows. */
function forEachChunk(rows: number, step: number, each: (r0: number, r1: number) => void): void {
  for (let r0 = 0; r0 < rows; r0 += step) each(r0, Math.min(r0 + step, rows));
}

/** The patch matrix of x in chunks of `step` rows, each as a view (x itself when pointwise). */
function forEachPatchChunk(
  x: Float32Array,
  g: Window2dGeometry,
  step: number,
  each: (r0: number, r1: number, patches: MatrixView) => void,
): void {
  const rows = patchRows(g);
  const scratch = new Float32Array(isPointwise(g) ? 0 : Math.min(step, rows) * patchColumns(g));
  forEachChunk(rows, step, (r0, r1) => each(r0, r1, patchView(x, g, r0, r1, scratch)));
}

/** One conv2d kernel call on the SIMD GEMM: its operands, geometry and output channels. */
interface SimdConv {
  ops: WasmOperands;
  storage: CpuStorage;
  g: Window2dGeometry;
  co: number;
  /** Rows and columns of the patch matrix. */
  rows: number;
  columns: number;
}

/**
 * The patch matrix of x (its values, and their byte offset xPtr) in chunks of `step` rows in wasm
 * memory: `each` gets the byte offset of the chunk, x itself when pointwise, else a temporary.
 */
function forEachPatchChunkSimd(
  { ops, g, rows, columns }: SimdConv,
  x: { values: Float32Array; ptr: number },
  step: number,
  each: (r0: number, r1: number, patches: number) => void,
): void {
  const xPtr = x.ptr;
  if (isPointwise(g)) {
    forEachChunk(rows, step, (r0, r1) => each(r0, r1, xPtr + 4 * r0 * columns));
    return;
  }
  const patches = ops.temp(step * columns);
  forEachChunk(rows, step, (r0, r1) => {
    patchesInto(ops, x.values, xPtr, g, r0, r1, patches);
    each(r0, r1, patches);
  });
}

/** y = P · W on the SIMD GEMM, written straight into the output block. */
function conv2dSimd(c: SimdConv, x: TensorInfo, filter: TensorInfo): TensorInfo {
  const { ops, storage, g, co, rows, columns } = c;
  const shape = [g.batch, g.outHeight, g.outWidth, co];
  const { x: xPtr, filter: wPtr } = ops.inputs('conv2d', { x, filter });
  const out = ops.temp(rows * co);
  ops.setWindowGeometry(g);
  if (rows > 0 && usesDirectConv2d(g, co)) {
    // Rows are independent: split across threads, by output elements.
    ops.runtime.split(rows, PARALLEL_MIN_ELEMENTS / co, 1, (s, e) => ({
      fn: 'conv2dDirect',
      args: [xPtr, wPtr, out, s, e, co],
    }));
    return ops.output(out, rows * co, shape);
  }
  const step = Math.min(chunkRows(g, FORWARD_CHUNK_ELEMENTS), rows);
  const xValues = storage.float32Values(x, 'conv2d', 'x');
  forEachPatchChunkSimd(c, { values: xValues, ptr: xPtr }, step, (r0, r1, p) => {
    ops.runtime.gemm(r1 - r0, co, columns, p, columns, 1, wPtr, co, 1, out + 4 * r0 * co, co, true);
  });
  return ops.output(out, rows * co, shape);
}

/** dW = Pᵀ · dy on the SIMD GEMM, accumulated over chunks of P. */
function conv2dBackpropFilterSimd(
  c: SimdConv,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
): TensorInfo {
  const { ops, storage, g, co, rows, columns } = c;
  const { x: xPtr, dy: dyPtr } = ops.inputs('conv2dBackpropFilter', { x, dy });
  const dw = ops.temp(columns * co);
  const xValues = storage.float32Values(x, 'conv2dBackpropFilter', 'x');
  if (rows === 0) ops.zero(dw, columns * co);
  ops.setWindowGeometry(g);
  const step = Math.min(chunkRows(g), rows);
  forEachPatchChunkSimd(c, { values: xValues, ptr: xPtr }, step, (r0, r1, p) => {
    // Pᵀ: the chunk stored row-major [rows, columns] is its transpose stored by columns.
    const dyChunk = dyPtr + 4 * r0 * co;
    ops.runtime.gemm(columns, co, r1 - r0, p, 1, columns, dyChunk, co, 1, dw, co, r0 === 0);
  });
  return ops.output(dw, columns * co, filterShape);
}

/**
 * dx = col2im(dy · Wᵀ) on the SIMD GEMM, reading Wᵀ through strides (the GEMM packs it in wasm);
 * col2im runs in wasm for dilation 1.
 */
function conv2dBackpropInputSimd(
  { ops, g, co, rows, columns }: SimdConv,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: number[],
): TensorInfo {
  const inSize = g.batch * g.inHeight * g.inWidth * g.inChannels;
  // W is [columns, co] row-major, so Wᵀ[c, j] is at element j·co + c: row stride 1, column stride co.
  const { dy: dyPtr, filter: wPtr } = ops.inputs('conv2dBackpropInput', { dy, filter });
  const dx = ops.temp(inSize);
  const pointwise = isPointwise(g);
  const step = Math.min(chunkRows(g), rows);
  const dPatches = pointwise ? 0 : ops.temp(step * columns);
  ops.zero(dx, inSize);
  const dilated = !isUndilated(g);
  ops.setWindowGeometry(g);
  forEachChunk(rows, step, (r0, r1) => {
    const a = dyPtr + 4 * r0 * co;
    if (pointwise) {
      // The patch matrix is x itself, so its gradient is dx directly.
      ops.runtime.gemm(r1 - r0, columns, co, a, co, 1, wPtr, 1, co, dx + 4 * r0 * columns, columns);
      return;
    }
    ops.runtime.gemm(r1 - r0, columns, co, a, co, 1, wPtr, 1, co, dPatches, columns, true);
    if (dilated) col2im(ops.view(dPatches, (r1 - r0) * columns), g, r0, r1, ops.view(dx, inSize));
    else col2imSplit(ops, g, dx, dPatches, r0, r1, columns);
  });
  return ops.output(dx, inSize, inputShape);
}

/**
 * conv2d (NHWC input, HWIO filter) and its gradients with respect to the input and the filter, on
 * the SIMD GEMM when there is one, else on the JavaScript matMul.
 */
export function conv2dKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter'> {
  const simd = (ops: WasmOperands, g: Window2dGeometry, co: number): SimdConv => ({
    ops,
    storage,
    g,
    co,
    rows: patchRows(g),
    columns: patchColumns(g),
  });

  /** The HWIO filter as the [fh·fw·ci, co] matrix W, or as Wᵀ. */
  const filterMatrix = (filter: TensorInfo, op: string, transposed: boolean): MatrixView => ({
    values: storage.float32Values(filter, op, 'filter'),
    offset: 0,
    transposed,
  });

  const conv2dJs = (x: TensorInfo, filter: TensorInfo, g: Window2dGeometry, co: number) => {
    const xValues = storage.float32Values(x, 'conv2d', 'x');
    const w = filterMatrix(filter, 'conv2d', false);
    const rows = patchRows(g);
    const columns = patchColumns(g);
    const step = chunkRows(g);
    const accumulator = new Float64Array(Math.min(step, rows) * co);
    const out = new Float32Array(rows * co);
    forEachPatchChunk(xValues, g, step, (r0, r1, patches) => {
      accumulator.fill(0);
      matMulAccumulate(patches, w, accumulator, 0, r1 - r0, columns, co);
      out.set(accumulator.subarray(0, (r1 - r0) * co), r0 * co);
    });
    return storage.output(out, [g.batch, g.outHeight, g.outWidth, co], 'float32');
  };

  const conv2dBackpropFilterJs = (
    x: TensorInfo,
    dy: TensorInfo,
    g: Window2dGeometry,
    filterShape: number[],
  ) => {
    const co = filterShape[3]!;
    const xValues = storage.float32Values(x, 'conv2dBackpropFilter', 'x');
    const dyValues = storage.float32Values(dy, 'conv2dBackpropFilter', 'dy');
    const columns = patchColumns(g);
    const dw = new Float64Array(columns * co);
    forEachPatchChunk(xValues, g, chunkRows(g), (r0, r1, patches) => {
      // Pᵀ: the chunk stored row-major [rows, columns] is its transpose stored by columns.
      const patchesT: MatrixView = { ...patches, transposed: true };
      const dyChunk: MatrixView = { values: dyValues, offset: r0 * co, transposed: false };
      matMulAccumulate(patchesT, dyChunk, dw, 0, columns, r1 - r0, co);
    });
    return storage.output(Float32Array.from(dw), filterShape, 'float32');
  };

  const conv2dBackpropInputJs = (
    dy: TensorInfo,
    filter: TensorInfo,
    g: Window2dGeometry,
    co: number,
    inputShape: number[],
  ) => {
    const dyValues = storage.float32Values(dy, 'conv2dBackpropInput', 'dy');
    // W is [columns, co] row-major, so it is Wᵀ stored transposed.
    const wT = filterMatrix(filter, 'conv2dBackpropInput', true);
    const rows = patchRows(g);
    const columns = patchColumns(g);
    const step = chunkRows(g);
    const dx = new Float64Array(g.batch * g.inHeight * g.inWidth * g.inChannels);
    const pointwise = isPointwise(g);
    const dPatches = new Float64Array(pointwise ? 0 : Math.min(step, rows) * columns);
    forEachChunk(rows, step, (r0, r1) => {
      const dyChunk: MatrixView = { values: dyValues, offset: r0 * co, transposed: false };
      if (pointwise) {
        // The patch matrix is x itself, so its gradient is dx directly.
        matMulAccumulate(dyChunk, wT, dx, r0 * columns, r1 - r0, co, columns);
      } else {
        dPatches.fill(0);
        matMulAccumulate(dyChunk, wT, dPatches, 0, r1 - r0, co, columns);
        col2im(dPatches, g, r0, r1, dx);
      }
    });
    return storage.output(Float32Array.from(dx), inputShape, 'float32');
  };

  return {
    conv2d: ({ x, filter }, attrs) => {
      const g = conv2dGeometry('conv2d', x.shape, filter.shape, attrs);
      const co = filter.shape[3]!;
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dSimd(simd(ops, g, co), x, filter),
        () => conv2dJs(x, filter, g, co),
      );
    },

    conv2dBackpropFilter: ({ x, dy }, attrs) => {
      const { filterShape } = attrs;
      const g = conv2dGeometry('conv2dBackpropFilter', x.shape, filterShape, attrs);
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dBackpropFilterSimd(simd(ops, g, filterShape[3]!), x, dy, filterShape),
        () => conv2dBackpropFilterJs(x, dy, g, filterShape),
      );
    },

    conv2dBackpropInput: ({ dy, filter }, attrs) => {
      const { inputShape } = attrs;
      const g = conv2dGeometry('conv2dBackpropInput', inputShape, filter.shape, attrs);
      const co = filter.shape[3]!;
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dBackpropInputSimd(simd(ops, g, co), dy, filter, inputShape),
        () => conv2dBackpropInputJs(dy, filter, g, co, inputShape),
      );
    },
  };
}
