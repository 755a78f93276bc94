import { pool2dGeometry, type TensorInfo, type Window2dGeometry } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { type WasmOperands, withWasm } from './wasm-operands';

/*
 * 2-D max and average pooling over NHWC inputs, and their gradients. Each output cell walks its
 * window in row-major scan order, and for each window cell inside the image runs over the channels,
 * which are contiguous. Padding cells are never read: max ignores them, and avg divides by the count
 * of real cells (TF semantics).
 */

/**
 * Calls `visit(outOffset, inOffset, count)` once per (output cell, in-image window cell), in window
 * scan order, where the offsets point at channel 0; `count` is that window's number of in-image cells.
 */
function forEachWindowCell(
  g: Window2dGeometry,
  visit: (outOffset: number, inOffset: number, count: number) => void,
): void {
  const c = g.inChannels;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y0 = oy * g.strideHeight - g.padTop;
      const yStart = Math.max(0, y0);
      const yEnd = Math.min(g.inHeight, y0 + g.windowHeight);
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox * g.strideWidth - g.padLeft;
        const xStart = Math.max(0, x0);
        const xEnd = Math.min(g.inWidth, x0 + g.windowWidth);
        const count = Math.max(0, yEnd - yStart) * Math.max(0, xEnd - xStart);
        const outOffset = ((b * g.outHeight + oy) * g.outWidth + ox) * c;
        for (let iy = yStart; iy < yEnd; iy++) {
          for (let ix = xStart; ix < xEnd; ix++)
            visit(outOffset, ((b * g.inHeight + iy) * g.inWidth + ix) * c, count);
        }
      }
    }
  }
}

function outputShape(g: Window2dGeometry): number[] {
  return [g.batch, g.outHeight, g.outWidth, g.inChannels];
}

function maxPoolSimd(ops: WasmOperands, x: TensorInfo, g: Window2dGeometry): TensorInfo {
  const xPtr = ops.input(x, 'maxPool', 'x');
  const size = g.batch * g.outHeight * g.outWidth * g.inChannels;
  const out = ops.temp(size);
  ops.setWindowGeometry(g);
  const inImage = 4 * g.inHeight * g.inWidth * g.inChannels;
  const outImage = 4 * g.outHeight * g.outWidth * g.inChannels;
  ops.runtime.split(g.batch, PARALLEL_MIN_ELEMENTS / Math.max(1, inImage / 4), 1, (s, e) => ({
    fn: 'maxPool',
    args: [xPtr + s * inImage, out + s * outImage, e - s],
  }));
  return ops.output(out, size, outputShape(g));
}

function maxPoolGradSimd(
  ops: WasmOperands,
  dy: TensorInfo,
  x: TensorInfo,
  g: Window2dGeometry,
): TensorInfo {
  const { x: xPtr, dy: dyPtr } = ops.inputs('maxPoolGrad', { x, dy });
  const size = g.batch * g.inHeight * g.inWidth * g.inChannels;
  const dx = ops.temp(size);
  ops.zero(dx, size);
  ops.setWindowGeometry(g);
  const inImage = 4 * g.inHeight * g.inWidth * g.inChannels;
  const outImage = 4 * g.outHeight * g.outWidth * g.inChannels;
  const fn = g.inChannels % 4 === 0 ? 'maxPoolGrad4' : 'maxPoolGrad';
  ops.runtime.split(g.batch, PARALLEL_MIN_ELEMENTS / Math.max(1, inImage / 4), 1, (s, e) => ({
    fn,
    args: [xPtr + s * inImage, dyPtr + s * outImage, dx + s * inImage, e - s],
  }));
  return ops.output(dx, size, x.shape);
}

/** maxPool, avgPool and their gradients (NHWC); float32 max pooling runs in wasm when it can. */
export function poolKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<'maxPool' | 'avgPool' | 'maxPoolGrad' | 'avgPoolGrad'> {
  const maxPoolJs = (x: TensorInfo, g: Window2dGeometry): TensorInfo => {
    const values = storage.values(x);
    const out = new Float32Array(g.batch * g.outHeight * g.outWidth * g.inChannels).fill(
      Number.NEGATIVE_INFINITY,
    );
    const c = g.inChannels;
    forEachWindowCell(g, (o, i) => {
      for (let k = 0; k < c; k++) {
        const v = values[i + k]!;
        // NaN wins and stays: once out is NaN, no comparison replaces it.
        if (v > out[o + k]! || Number.isNaN(v)) out[o + k] = v;
      }
    });
    return storage.output(out, outputShape(g), 'float32');
  };

  const maxPoolGradJs = (dy: TensorInfo, x: TensorInfo, g: Window2dGeometry): TensorInfo => {
    const values = storage.values(x);
    const dyValues = storage.values(dy);
    const outSize = g.batch * g.outHeight * g.outWidth * g.inChannels;
    // Where each output's maximum came from: the first maximum in scan order (NaN counts as the max).
    const argMax = new Int32Array(outSize).fill(-1);
    const best = new Float32Array(outSize);
    const c = g.inChannels;
    forEachWindowCell(g, (o, i) => {
      for (let k = 0; k < c; k++) {
        const v = values[i + k]!;
        const m = best[o + k]!;
        if (argMax[o + k]! < 0 || v > m || (Number.isNaN(v) && !Number.isNaN(m))) {
          best[o + k] = v;
          argMax[o + k] = i + k;
        }
      }
    });
    const dx = new Float32Array(values.length);
    for (let o = 0; o < outSize; o++) if (argMax[o]! >= 0) dx[argMax[o]!] += dyValues[o]!;
    return storage.output(dx, x.shape, 'float32');
  };

  return {
    maxPool: ({ x }: { x: TensorInfo }, attrs) => {
      const g = pool2dGeometry('maxPool', x.shape, attrs);
      if (x.dtype !== 'float32') return maxPoolJs(x, g);
      return withWasm(
        runtime,
        storage,
        (ops) => maxPoolSimd(ops, x, g),
        () => maxPoolJs(x, g),
      );
    },

    avgPool: ({ x }, attrs) => {
      const g = pool2dGeometry('avgPool', x.shape, attrs);
      const values = storage.values(x);
      const sums = new Float64Array(g.batch * g.outHeight * g.outWidth * g.inChannels);
      const counts = new Int32Array(g.batch * g.outHeight * g.outWidth);
      const c = g.inChannels;
      forEachWindowCell(g, (o, i, count) => {
        counts[o / c] = count;
        for (let k = 0; k < c; k++) sums[o + k] += values[i + k]!;
      });
      const out = new Float32Array(sums.length);
      for (let o = 0; o < out.length; o++) out[o] = sums[o]! / counts[Math.floor(o / c)]!;
      return storage.output(out, outputShape(g), 'float32');
    },

    maxPoolGrad: ({ dy, x }, attrs) => {
      const g = pool2dGeometry('maxPoolGrad', x.shape, attrs);
      if (x.dtype !== 'float32' || dy.dtype !== 'float32') return maxPoolGradJs(dy, x, g);
      return withWasm(
        runtime,
        storage,
        (ops) => maxPoolGradSimd(ops, dy, x, g),
        () => maxPoolGradJs(dy, x, g),
      );
    },

    avgPoolGrad: ({ dy }, attrs) => {
      const g = pool2dGeometry('avgPoolGrad', attrs.inputShape, attrs);
      const dyValues = storage.values(dy);
      const dx = new Float64Array(g.batch * g.inHeight * g.inWidth * g.inChannels);
      const c = g.inChannels;
      forEachWindowCell(g, (o, i, count) => {
        for (let k = 0; k < c; k++) dx[i + k] += dyValues[o + k]! / count;
      });
      return storage.output(Float32Array.from(dx), attrs.inputShape, 'float32');
    },
  };
}
