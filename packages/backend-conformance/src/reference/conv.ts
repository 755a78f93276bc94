/**
 * Float64 reference convolution and pooling over NHWC inputs and HWIO filters, by direct loops.
 * Padding is explicit [top, bottom, left, right]; cells outside the input are skipped (zeros for
 * convolution, not counted by pooling).
 */
import { type Nd, sizeOf } from './nd';

export interface Window {
  strides: [number, number];
  pad: [number, number, number, number];
  dilations: [number, number];
}

function outSize(
  inSize: number,
  k: number,
  s: number,
  d: number,
  before: number,
  after: number,
): number {
  return Math.floor((inSize + before + after - ((k - 1) * d + 1)) / s) + 1;
}

const idx4 = (shape: readonly number[], a: number, b: number, c: number, d: number): number =>
  ((a * shape[1]! + b) * shape[2]! + c) * shape[3]! + d;

/** Visits every (output cell, filter tap) pair whose input cell lies inside the input. */
function forEachTap(
  xShape: readonly number[],
  fh: number,
  fw: number,
  w: Window,
  f: (n: number, oy: number, ox: number, iy: number, ix: number, ky: number, kx: number) => void,
): [number, number] {
  const [n, h, wd] = xShape as [number, number, number];
  const oh = outSize(h, fh, w.strides[0], w.dilations[0], w.pad[0], w.pad[1]);
  const ow = outSize(wd, fw, w.strides[1], w.dilations[1], w.pad[2], w.pad[3]);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ky = 0; ky < fh; ky++)
          for (let kx = 0; kx < fw; kx++) {
            const iy = oy * w.strides[0] - w.pad[0] + ky * w.dilations[0];
            const ix = ox * w.strides[1] - w.pad[2] + kx * w.dilations[1];
            if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
            f(b, oy, ox, iy, ix, ky, kx);
          }
  return [oh, ow];
}

function zeros(shape: number[]): Nd & { data: number[] } {
  return { shape, data: new Array<number>(sizeOf(shape)).fill(0) };
}

function outShapeOf(
  xShape: readonly number[],
  fh: number,
  fw: number,
  w: Window,
  channels: number,
): number[] {
  return [
    xShape[0]!,
    outSize(xShape[1]!, fh, w.strides[0], w.dilations[0], w.pad[0], w.pad[1]),
    outSize(xShape[2]!, fw, w.strides[1], w.dilations[1], w.pad[2], w.pad[3]),
    channels,
  ];
}

export function conv2d(x: Nd, filter: Nd, w: Window): Nd {
  const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
  const out = zeros(outShapeOf(x.shape, fh, fw, w, co));
  forEachTap(x.shape, fh, fw, w, (n, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < ci; c++)
      for (let o = 0; o < co; o++)
        out.data[idx4(out.shape, n, oy, ox, o)]! +=
          x.data[idx4(x.shape, n, iy, ix, c)]! * filter.data[idx4(filter.shape, ky, kx, c, o)]!;
  });
  return out;
}

export function conv2dBackpropInput(
  dy: Nd,
  filter: Nd,
  inputShape: readonly number[],
  w: Window,
): Nd {
  const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
  const dx = zeros([...inputShape]);
  forEachTap(inputShape, fh, fw, w, (n, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < ci; c++)
      for (let o = 0; o < co; o++)
        dx.data[idx4(inputShape, n, iy, ix, c)]! +=
          dy.data[idx4(dy.shape, n, oy, ox, o)]! * filter.data[idx4(filter.shape, ky, kx, c, o)]!;
  });
  return dx;
}

export function conv2dBackpropFilter(x: Nd, dy: Nd, filterShape: readonly number[], w: Window): Nd {
  const [fh, fw, ci, co] = filterShape as [number, number, number, number];
  const dw = zeros([...filterShape]);
  forEachTap(x.shape, fh, fw, w, (n, oy, ox, iy, ix, ky, kx) => {
    for (let c = 0; c < ci; c++)
      for (let o = 0; o < co; o++)
        dw.data[idx4(filterShape, ky, kx, c, o)]! +=
          x.data[idx4(x.shape, n, iy, ix, c)]! * dy.data[idx4(dy.shape, n, oy, ox, o)]!;
  });
  return dw;
}

export interface PoolWindow {
  filterSize: [number, number];
  strides: [number, number];
  pad: [number, number, number, number];
}

/** The in-bounds input cells of each pooling window, in row-major window order. */
function poolWindows(
  xShape: readonly number[],
  p: PoolWindow,
): { shape: number[]; cells: [number, number, number, number][][] } {
  const w: Window = { strides: p.strides, pad: p.pad, dilations: [1, 1] };
  const c = xShape[3]!;
  const shape = outShapeOf(xShape, p.filterSize[0], p.filterSize[1], w, c);
  const cells: [number, number, number, number][][] = Array.from(
    { length: sizeOf(shape) },
    () => [],
  );
  forEachTap(xShape, p.filterSize[0], p.filterSize[1], w, (n, oy, ox, iy, ix) => {
    for (let ch = 0; ch < c; ch++) cells[idx4(shape, n, oy, ox, ch)]!.push([n, iy, ix, ch]);
  });
  return { shape, cells };
}

export function maxPool(x: Nd, p: PoolWindow): Nd {
  const { shape, cells } = poolWindows(x.shape, p);
  return {
    shape,
    data: cells.map((cs) =>
      cs.reduce(
        (m, [n, y, xx, c]) => Math.max(m, x.data[idx4(x.shape, n, y, xx, c)]!),
        Number.NEGATIVE_INFINITY,
      ),
    ),
  };
}

export function avgPool(x: Nd, p: PoolWindow): Nd {
  const { shape, cells } = poolWindows(x.shape, p);
  return {
    shape,
    data: cells.map(
      (cs) =>
        cs.reduce((s, [n, y, xx, c]) => s + x.data[idx4(x.shape, n, y, xx, c)]!, 0) / cs.length,
    ),
  };
}

/** Routes each dy to the first maximum of its window. */
export function maxPoolGrad(dy: Nd, x: Nd, p: PoolWindow): Nd {
  const { cells } = poolWindows(x.shape, p);
  const dx = zeros([...x.shape]);
  cells.forEach((cs, o) => {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    cs.forEach(([n, y, xx, c]) => {
      const i = idx4(x.shape, n, y, xx, c);
      if (best < 0 || x.data[i]! > bestValue) {
        best = i;
        bestValue = x.data[i]!;
      }
    });
    if (best >= 0) dx.data[best]! += dy.data[o]!;
  });
  return dx;
}

/** Spreads each dy evenly over the in-bounds cells of its window. */
export function avgPoolGrad(dy: Nd, inputShape: readonly number[], p: PoolWindow): Nd {
  const { cells } = poolWindows(inputShape, p);
  const dx = zeros([...inputShape]);
  cells.forEach((cs, o) => {
    for (const [n, y, xx, c] of cs)
      dx.data[idx4(inputShape, n, y, xx, c)]! += dy.data[o]! / cs.length;
  });
  return dx;
}

/** TF's 'same' padding for one dimension: [before, after], the extra cell after. */
export function samePad(inSize: number, k: number, s: number, d = 1): [number, number] {
  const total = Math.max((Math.ceil(inSize / s) - 1) * s + (k - 1) * d + 1 - inSize, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}
