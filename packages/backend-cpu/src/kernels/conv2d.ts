import { type TensorInfo, type Window2dGeometry, window2dGeometry } from '@glia/core';
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

/** Whether the patch matrix is the input itself (1×1 filter, stride 1, no padding). */
function isPointwise(g: Window2dGeometry): boolean {
  return (
    g.windowHeight === 1 &&
    g.windowWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop === 0 &&
    g.padBottom === 0 &&
    g.padLeft === 0 &&
    g.padRight === 0
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
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.padTop === 0 &&
    g.padBottom === 0 &&
    g.padLeft === 0 &&
    g.padRight === 0 &&
    !isPointwise(g)
  );
}

/**
 * Fills `patches` with rows [rowStart, rowEnd) of the patch matrix of x; cells in the padding read as
 * zeros. One pass, row by row, with the output position carried along rather than divided out.
 */
function im2col(
  x: Float32Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  patches: Float32Array,
): void {
  const ci = g.inChannels;
  const rowWidth = g.windowWidth * ci;
  const perImage = g.outHeight * g.outWidth;
  let b = Math.floor(rowStart / perImage);
  let oy = Math.floor((rowStart - b * perImage) / g.outWidth);
  let ox = rowStart - b * perImage - oy * g.outWidth;
  let dst = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const y0 = oy * g.strideHeight - g.padTop;
    const x0 = ox * g.strideWidth - g.padLeft;
    for (let fy = 0; fy < g.windowHeight; fy++, dst += rowWidth) {
      const iy = y0 + fy * g.dilationHeight;
      if (iy < 0 || iy >= g.inHeight) {
        patches.fill(0, dst, dst + rowWidth);
        continue;
      }
      const xRow = (b * g.inHeight + iy) * g.inWidth;
      for (let fx = 0, d = dst; fx < g.windowWidth; fx++, d += ci) {
        const ix = x0 + fx * g.dilationWidth;
        if (ix < 0 || ix >= g.inWidth) {
          for (let c = 0; c < ci; c++) patches[d + c] = 0;
        } else {
          const src = (xRow + ix) * ci;
          for (let c = 0; c < ci; c++) patches[d + c] = x[src + c]!;
        }
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
  const rowWidth = g.windowWidth * ci;
  const perImage = g.outHeight * g.outWidth;
  let b = Math.floor(rowStart / perImage);
  let oy = Math.floor((rowStart - b * perImage) / g.outWidth);
  let ox = rowStart - b * perImage - oy * g.outWidth;
  let src = 0;
  for (let r = rowStart; r < rowEnd; r++) {
    const y0 = oy * g.strideHeight - g.padTop;
    const x0 = ox * g.strideWidth - g.padLeft;
    for (let fy = 0; fy < g.windowHeight; fy++, src += rowWidth) {
      const iy = y0 + fy * g.dilationHeight;
      if (iy < 0 || iy >= g.inHeight) continue;
      const xRow = (b * g.inHeight + iy) * g.inWidth;
      for (let fx = 0, s = src; fx < g.windowWidth; fx++, s += ci) {
        const ix = x0 + fx * g.dilationWidth;
        if (ix < 0 || ix >= g.inWidth) continue;
        const dst = (xRow + ix) * ci;
        for (let c = 0; c < ci; c++) dx[dst + c] += patches[s + c]!;
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

/** Sets the wasm window geometry of `g` (dilation 1). */
function setGeometry(ops: WasmOperands, g: Window2dGeometry): void {
  ops.runtime.exports.setGeometry(
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.outHeight,
    g.outWidth,
    g.windowHeight,
    g.windowWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
  );
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
  if (g.dilationHeight === 1 && g.dilationWidth === 1) {
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

/** y = P · W on the SIMD GEMM, written straight into the output block. */
function conv2dSimd(
  ops: WasmOperands,
  storage: CpuStorage,
  x: TensorInfo,
  filter: TensorInfo,
  g: Window2dGeometry,
  co: number,
  shape: number[],
): TensorInfo {
  const rows = g.batch * g.outHeight * g.outWidth;
  const columns = patchColumns(g);
  const xPtr = ops.input(x, 'conv2d', 'x');
  const wPtr = ops.input(filter, 'conv2d', 'filter');
  const out = ops.temp(rows * co);
  setGeometry(ops, g);
  if (rows > 0 && usesDirectConv2d(g, co)) {
    // Rows are independent: split across threads, by output elements.
    ops.runtime.split(rows, PARALLEL_MIN_ELEMENTS / co, 1, (s, e) => ({
      fn: 'conv2dDirect',
      args: [xPtr, wPtr, out, s, e, co],
    }));
    return ops.output(out, rows * co, shape);
  }
  const pointwise = isPointwise(g);
  const step = Math.min(chunkRows(g, FORWARD_CHUNK_ELEMENTS), rows);
  const patches = pointwise ? 0 : ops.temp(step * columns);
  const xValues = storage.float32Values(x, 'conv2d', 'x');
  for (let r0 = 0; r0 < rows; r0 += step) {
    const r1 = Math.min(r0 + step, rows);
    let a = xPtr + 4 * r0 * columns;
    if (!pointwise) {
      patchesInto(ops, xValues, xPtr, g, r0, r1, patches);
      a = patches;
    }
    ops.runtime.gemm(r1 - r0, co, columns, a, columns, 1, wPtr, co, 1, out + 4 * r0 * co, co, true);
  }
  return ops.output(out, rows * co, shape);
}

/** dW = Pᵀ · dy on the SIMD GEMM, accumulated over chunks of P. */
function conv2dBackpropFilterSimd(
  ops: WasmOperands,
  storage: CpuStorage,
  x: TensorInfo,
  dy: TensorInfo,
  g: Window2dGeometry,
  co: number,
  filterShape: number[],
): TensorInfo {
  const rows = g.batch * g.outHeight * g.outWidth;
  const columns = patchColumns(g);
  const xPtr = ops.input(x, 'conv2dBackpropFilter', 'x');
  const dyPtr = ops.input(dy, 'conv2dBackpropFilter', 'dy');
  const dw = ops.temp(columns * co);
  const pointwise = isPointwise(g);
  const step = Math.min(chunkRows(g), rows);
  const patches = pointwise ? 0 : ops.temp(step * columns);
  const xValues = storage.float32Values(x, 'conv2dBackpropFilter', 'x');
  if (rows === 0) ops.zero(dw, columns * co);
  setGeometry(ops, g);
  for (let r0 = 0; r0 < rows; r0 += step) {
    const r1 = Math.min(r0 + step, rows);
    let p = xPtr + 4 * r0 * columns;
    if (!pointwise) {
      patchesInto(ops, xValues, xPtr, g, r0, r1, patches);
      p = patches;
    }
    // Pᵀ: the chunk stored row-major [rows, columns] is its transpose stored by columns.
    ops.runtime.gemm(
      columns,
      co,
      r1 - r0,
      p,
      1,
      columns,
      dyPtr + 4 * r0 * co,
      co,
      1,
      dw,
      co,
      r0 === 0,
    );
  }
  return ops.output(dw, columns * co, filterShape);
}

/**
 * dx = col2im(dy · Wᵀ) on the SIMD GEMM, reading Wᵀ through strides (the GEMM packs it in wasm);
 * col2im runs in wasm for dilation 1.
 */
function conv2dBackpropInputSimd(
  ops: WasmOperands,
  dy: TensorInfo,
  filter: TensorInfo,
  g: Window2dGeometry,
  co: number,
  inputShape: number[],
): TensorInfo {
  const rows = g.batch * g.outHeight * g.outWidth;
  const columns = patchColumns(g);
  const inSize = g.batch * g.inHeight * g.inWidth * g.inChannels;
  const dyPtr = ops.input(dy, 'conv2dBackpropInput', 'dy');
  // W is [columns, co] row-major, so Wᵀ[c, j] is at element j·co + c: row stride 1, column stride co.
  const wPtr = ops.input(filter, 'conv2dBackpropInput', 'filter');
  const dx = ops.temp(inSize);
  const pointwise = isPointwise(g);
  const step = Math.min(chunkRows(g), rows);
  const dPatches = pointwise ? 0 : ops.temp(step * columns);
  ops.zero(dx, inSize);
  const dilated = g.dilationHeight !== 1 || g.dilationWidth !== 1;
  setGeometry(ops, g);
  for (let r0 = 0; r0 < rows; r0 += step) {
    const r1 = Math.min(r0 + step, rows);
    const a = dyPtr + 4 * r0 * co;
    if (pointwise) {
      // The patch matrix is x itself, so its gradient is dx directly.
      ops.runtime.gemm(r1 - r0, columns, co, a, co, 1, wPtr, 1, co, dx + 4 * r0 * columns, columns);
      continue;
    }
    ops.runtime.gemm(r1 - r0, columns, co, a, co, 1, wPtr, 1, co, dPatches, columns, true);
    if (dilated) col2im(ops.view(dPatches, (r1 - r0) * columns), g, r0, r1, ops.view(dx, inSize));
    else col2imSplit(ops, g, dx, dPatches, r0, r1, columns);
  }
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
  return {
    conv2d: ({ x, filter }, { strides, pad, dilations }) => {
      const [fh, fw, , co] = filter.shape as [number, number, number, number];
      const g = window2dGeometry('conv2d', x.shape, [fh, fw], strides, dilations, pad);
      const shape = [g.batch, g.outHeight, g.outWidth, co];
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dSimd(ops, storage, x, filter, g, co, shape),
        () => {
          const xValues = storage.float32Values(x, 'conv2d', 'x');
          const filterValues = storage.float32Values(filter, 'conv2d', 'filter');
          const w: MatrixView = { values: filterValues, offset: 0, transposed: false };
          const rows = g.batch * g.outHeight * g.outWidth;
          const columns = patchColumns(g);
          const step = chunkRows(g);
          const scratch = new Float32Array(isPointwise(g) ? 0 : Math.min(step, rows) * columns);
          const accumulator = new Float64Array(Math.min(step, rows) * co);
          const out = new Float32Array(rows * co);
          for (let r0 = 0; r0 < rows; r0 += step) {
            const r1 = Math.min(r0 + step, rows);
            accumulator.fill(0);
            matMulAccumulate(
              patchView(xValues, g, r0, r1, scratch),
              w,
              accumulator,
              0,
              r1 - r0,
              columns,
              co,
            );
            out.set(accumulator.subarray(0, (r1 - r0) * co), r0 * co);
          }
          return storage.output(out, shape, 'float32');
        },
      );
    },

    conv2dBackpropFilter: ({ x, dy }, { strides, pad, dilations, filterShape }) => {
      const [fh, fw, ci, co] = filterShape as [number, number, number, number];
      const g = window2dGeometry(
        'conv2dBackpropFilter',
        x.shape,
        [fh, fw],
        strides,
        dilations,
        pad,
      );
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dBackpropFilterSimd(ops, storage, x, dy, g, co, filterShape),
        () => {
          const xValues = storage.float32Values(x, 'conv2dBackpropFilter', 'x');
          const dyValues = storage.float32Values(dy, 'conv2dBackpropFilter', 'dy');
          const rows = g.batch * g.outHeight * g.outWidth;
          const columns = fh * fw * ci;
          const step = chunkRows(g);
          const scratch = new Float32Array(isPointwise(g) ? 0 : Math.min(step, rows) * columns);
          const dw = new Float64Array(columns * co);
          for (let r0 = 0; r0 < rows; r0 += step) {
            const r1 = Math.min(r0 + step, rows);
            const patches = patchView(xValues, g, r0, r1, scratch);
            // Pᵀ: the chunk stored row-major [rows, columns] is its transpose stored by columns.
            const patchesT: MatrixView = { ...patches, transposed: true };
            matMulAccumulate(
              patchesT,
              { values: dyValues, offset: r0 * co, transposed: false },
              dw,
              0,
              columns,
              r1 - r0,
              co,
            );
          }
          return storage.output(Float32Array.from(dw), filterShape, 'float32');
        },
      );
    },

    conv2dBackpropInput: ({ dy, filter }, { strides, pad, dilations, inputShape }) => {
      const [fh, fw, , co] = filter.shape as [number, number, number, number];
      const g = window2dGeometry(
        'conv2dBackpropInput',
        inputShape,
        [fh, fw],
        strides,
        dilations,
        pad,
      );
      return withWasm(
        runtime,
        storage,
        (ops) => conv2dBackpropInputSimd(ops, dy, filter, g, co, inputShape),
        () => {
          const dyValues = storage.float32Values(dy, 'conv2dBackpropInput', 'dy');
          const filterValues = storage.float32Values(filter, 'conv2dBackpropInput', 'filter');
          const wT: MatrixView = { values: filterValues, offset: 0, transposed: true };
          const rows = g.batch * g.outHeight * g.outWidth;
          const columns = patchColumns(g);
          const step = chunkRows(g);
          const dx = new Float64Array(g.batch * g.inHeight * g.inWidth * g.inChannels);
          const pointwise = isPointwise(g);
          const dPatches = new Float64Array(pointwise ? 0 : Math.min(step, rows) * columns);
          for (let r0 = 0; r0 < rows; r0 += step) {
            const r1 = Math.min(r0 + step, rows);
            const dyChunk: MatrixView = { values: dyValues, offset: r0 * co, transposed: false };
            if (pointwise) {
              // The patch matrix is x itself, so its gradient is dx directly.
              matMulAccumulate(dyChunk, wT, dx, r0 * columns, r1 - r0, co, columns);
            } else {
              dPatches.fill(0);
              matMulAccumulate(dyChunk, wT, dPatches, 0, r1 - r0, co, columns);
              col2im(dPatches, g, r0, r1, dx);
            }
          }
          return storage.output(Float32Array.from(dx), inputShape, 'float32');
        },
      );
    },
  };
}
