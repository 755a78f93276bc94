// Pooling and the pooling gradient kernels. avgPool is linear, so avgPool and avgPoolGrad are each
// other's adjoints; maxPool routes dy to each window's first maximum, and maxPoolGrad's own gradient
// reads each window's winner back out.
import {
  argMax,
  avgPool2d,
  avgPoolGrad,
  extractPatches,
  maxPoolGrad,
  mul,
  oneHot,
  type Pool2dAttrs,
  type Pool2dOptions,
  patchIndexTable,
  pool2dGeometry,
  reshape,
  sum,
  type Tensor,
  transpose,
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
  const geo = pool2dGeometry('maxPoolGrad', x.shape, attrs);
  const table = patchIndexTable(geo);
  const cells = extractPatches(x, geo, table, padValue);
  return reshape(cells, [geo.batch, table.numPositions, table.windowSize, geo.inChannels]);
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
