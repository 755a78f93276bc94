import { type Window2dGeometry, window2dGeometry } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { type MatrixView, matMulAccumulate } from './matmul';

/*
 * conv2d and its two gradients as matrix products over the im2col patch matrix P, whose row
 * r = (b, oy, ox) holds the input cells under the filter at that output position, laid out
 * [fy, fx, ci] to match an HWIO filter seen as a [fh·fw·ci, co] matrix W:
 *   y = P · W,   dW = Pᵀ · dy,   dx = col2im(dy · Wᵀ).
 * P is built in chunks of rows so its memory stays bounded whatever the batch size.
 */

/** Patch-matrix elements per chunk (16 MiB of float32). */
const CHUNK_ELEMENTS = 1 << 22;

function patchColumns(g: Window2dGeometry): number {
  return g.windowHeight * g.windowWidth * g.inChannels;
}

/** Rows of the patch matrix per chunk. */
function chunkRows(g: Window2dGeometry): number {
  return Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, patchColumns(g))));
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
 * Calls `visit(row, xOffset, column)` for each patch-matrix row in [rowStart, rowEnd) and each window
 * cell that falls inside the image: `xOffset` is that cell's first channel in x, `column` its first
 * column in the patch matrix. Cells in the padding are skipped (they read as zeros).
 */
function forEachPatchCell(
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  visit: (row: number, xOffset: number, column: number) => void,
): void {
  const perImage = g.outHeight * g.outWidth;
  const ci = g.inChannels;
  for (let r = rowStart; r < rowEnd; r++) {
    const b = Math.floor(r / perImage);
    const rem = r - b * perImage;
    const oy = Math.floor(rem / g.outWidth);
    const ox = rem - oy * g.outWidth;
    for (let fy = 0; fy < g.windowHeight; fy++) {
      const iy = oy * g.strideHeight - g.padTop + fy * g.dilationHeight;
      if (iy < 0 || iy >= g.inHeight) continue;
      for (let fx = 0; fx < g.windowWidth; fx++) {
        const ix = ox * g.strideWidth - g.padLeft + fx * g.dilationWidth;
        if (ix < 0 || ix >= g.inWidth) continue;
        visit(r, ((b * g.inHeight + iy) * g.inWidth + ix) * ci, (fy * g.windowWidth + fx) * ci);
      }
    }
  }
}

/** Fills `patches` (zeroed here) with rows [rowStart, rowEnd) of the patch matrix of x. */
function im2col(
  x: Float32Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  patches: Float32Array,
): void {
  const columns = patchColumns(g);
  const ci = g.inChannels;
  patches.fill(0, 0, (rowEnd - rowStart) * columns);
  forEachPatchCell(g, rowStart, rowEnd, (row, xOffset, column) => {
    const dst = (row - rowStart) * columns + column;
    for (let c = 0; c < ci; c++) patches[dst + c] = x[xOffset + c]!;
  });
}

/** Adds rows [rowStart, rowEnd) of a patch-matrix gradient back onto the input cells they came from. */
function col2im(
  patches: Float64Array,
  g: Window2dGeometry,
  rowStart: number,
  rowEnd: number,
  dx: Float64Array,
): void {
  const columns = patchColumns(g);
  const ci = g.inChannels;
  forEachPatchCell(g, rowStart, rowEnd, (row, xOffset, column) => {
    const src = (row - rowStart) * columns + column;
    for (let c = 0; c < ci; c++) dx[xOffset + c] += patches[src + c]!;
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

/** conv2d (NHWC input, HWIO filter) and its gradients with respect to the input and the filter. */
export function conv2dKernels(
  storage: CpuStorage,
): KernelFamily<'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter'> {
  return {
    conv2d: ({ x, filter }, { strides, pad, dilations }) => {
      const [fh, fw, , co] = filter.shape as [number, number, number, number];
      const g = window2dGeometry('conv2d', x.shape, [fh, fw], strides, dilations, pad);
      const xValues = storage.float32Values(x, 'conv2d', 'x');
      const w: MatrixView = {
        values: storage.float32Values(filter, 'conv2d', 'filter'),
        offset: 0,
        transposed: false,
      };
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
      return storage.output(out, [g.batch, g.outHeight, g.outWidth, co], 'float32');
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
      const dyValues = storage.float32Values(dy, 'conv2dBackpropInput', 'dy');
      const wT: MatrixView = {
        values: storage.float32Values(filter, 'conv2dBackpropInput', 'filter'),
        offset: 0,
        transposed: true,
      };
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
  };
}
