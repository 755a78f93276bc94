// Pooling and the pooling gradient kernels. avgPool is linear, so avgPool and avgPoolGrad are each
// other's adjoints; maxPool routes dy to each window's first maximum, and maxPoolGrad's own gradient
// reads each window's winner back out.
import {
  argMax,
  avgPool2d,
  avgPoolGrad,
  gather,
  maxPoolGrad,
  mul,
  oneHot,
  type Pool2dAttrs,
  type Pool2dOptions,
  pad,
  reshape,
  sum,
  type Tensor,
  tensor,
  transpose,
  window2dGeometry,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

/** The op options that reproduce a kernel's resolved attributes. */
function poolOptions({ filterSize, strides, pad: p }: Pool2dAttrs): Pool2dOptions {
  return {
    poolSize: filterSize,
    strides,
    padding: [
      [p[0], p[1]],
      [p[2], p[3]],
    ],
  };
}

/**
 * The cells of every window of NHWC `x` as [batch, positions, taps, channels] (im2col), with the
 * padding filled with `padValue`.
 */
function windowCells(x: Tensor, attrs: Pool2dAttrs, padValue: number): Tensor {
  const geo = window2dGeometry(
    'maxPoolGrad',
    x.shape,
    attrs.filterSize,
    attrs.strides,
    [1, 1],
    attrs.pad,
  );
  const paddedWidth = geo.inWidth + geo.padLeft + geo.padRight;
  const paddedHeight = geo.inHeight + geo.padTop + geo.padBottom;
  const taps = geo.windowHeight * geo.windowWidth;
  const positions = geo.outHeight * geo.outWidth;
  const index = new Int32Array(positions * taps);
  let i = 0;
  for (let oh = 0; oh < geo.outHeight; oh++) {
    for (let ow = 0; ow < geo.outWidth; ow++) {
      for (let kh = 0; kh < geo.windowHeight; kh++) {
        for (let kw = 0; kw < geo.windowWidth; kw++) {
          index[i++] = (oh * geo.strideHeight + kh) * paddedWidth + ow * geo.strideWidth + kw;
        }
      }
    }
  }
  const padded = pad(
    x,
    [
      [0, 0],
      [geo.padTop, geo.padBottom],
      [geo.padLeft, geo.padRight],
      [0, 0],
    ],
    padValue,
  );
  const flat = reshape(padded, [geo.batch, paddedHeight * paddedWidth, geo.inChannels]);
  const cells = gather(flat, tensor(index, [index.length], 'int32'), 1);
  return reshape(cells, [geo.batch, positions, taps, geo.inChannels]);
}

export const poolGradients: AnyGradientRule[] = [
  {
    kernelName: 'maxPool',
    gradient: (dy, { inputs: { x }, attrs }) => ({
      x: () => maxPoolGrad(dy, x, poolOptions(attrs)),
    }),
  },
  {
    kernelName: 'avgPool',
    gradient: (dy, { inputs: { x }, attrs }) => ({
      x: () => avgPoolGrad(dy, x.shape, poolOptions(attrs)),
    }),
  },
  // avgPoolGrad is the adjoint of avgPool (same windows, same divisors), so its adjoint is avgPool.
  {
    kernelName: 'avgPoolGrad',
    gradient: (g, { attrs }) => ({ dy: () => avgPool2d(g, poolOptions(attrs)) }),
  },
  /**
   * maxPoolGrad is linear in dy: it copies each window's dy onto the window's first maximum in x. Its
   * adjoint reads, for each window, the incoming gradient at that winner. The winners are piecewise
   * constant in x, so x gets no gradient.
   */
  {
    kernelName: 'maxPoolGrad',
    gradient: (g, { inputs: { dy, x }, attrs }) => ({
      dy: () => {
        const taps = attrs.filterSize[0] * attrs.filterSize[1];
        const winners = argMax(windowCells(x, attrs, Number.NEGATIVE_INFINITY), 2);
        const isWinner = transpose(oneHot(winners, taps), [0, 1, 3, 2]);
        return reshape(sum(mul(windowCells(g, attrs, 0), isWinner), 2), dy.shape);
      },
      x: null,
    }),
  },
];
