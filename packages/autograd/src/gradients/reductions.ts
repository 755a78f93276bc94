// Reductions: dy has the reduced shape; it is given back the reduced axes as 1s ("kept") and
// broadcast over them.
import {
  add,
  broadcastTo,
  cast,
  div,
  equal,
  exp,
  expandDims,
  mul,
  prod,
  range,
  reducedShape,
  reshape,
  type Shape,
  sizeFromShape,
  sub,
  type Tensor,
  transpose,
  where,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

/** `t`, of the reduced shape, with the reduced axes back as 1s. */
const kept = (t: Tensor, shape: Shape, axes: number[]): Tensor =>
  reshape(t, reducedShape(shape, axes, true));

/** Elements per output cell. */
const count = (shape: Shape, axes: number[]): number => sizeFromShape(axes.map((a) => shape[a]!));

// Every element equal to the extreme gets dy (ties share it in full), as TF.
function extremeGradient(dy: Tensor, x: Tensor, y: Tensor, axes: number[]): Tensor {
  const isExtreme = cast(equal(x, kept(y, x.shape, axes)), 'float32');
  return mul(kept(dy, x.shape, axes), isExtreme);
}

export const reductionGradients: AnyGradientRule[] = [
  {
    kernelName: 'sum',
    gradient: (dy, { inputs: { x }, attrs: { axes } }) => ({
      x: () => broadcastTo(kept(dy, x.shape, axes), x.shape),
    }),
  },
  {
    kernelName: 'mean',
    gradient: (dy, { inputs: { x }, attrs: { axes } }) => ({
      x: () => broadcastTo(div(kept(dy, x.shape, axes), count(x.shape, axes)), x.shape),
    }),
  },
  {
    kernelName: 'max',
    gradient: (dy, { inputs: { x }, attrs: { axes }, output }) => ({
      x: () => extremeGradient(dy, x, output, axes),
    }),
  },
  {
    kernelName: 'min',
    gradient: (dy, { inputs: { x }, attrs: { axes }, output }) => ({
      x: () => extremeGradient(dy, x, output, axes),
    }),
  },
  /**
   * d prod / d xᵢ is the product of the other elements. Dividing the product by xᵢ breaks at zeros, so
   * each xᵢ gets the product of its row with xᵢ replaced by 1: rows [n] become [n, n] matrices, which
   * costs n² per output cell but is exact everywhere and differentiable again.
   */
  {
    kernelName: 'prod',
    gradient: (dy, { inputs: { x }, attrs: { axes } }) => ({
      x: () => {
        const others = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
        const perm = [...others, ...axes];
        const n = count(x.shape, axes);
        const rows = reshape(transpose(x, perm), [-1, 1, n]);
        const diagonal = equal(expandDims(range(0, n, 1, 'int32'), 1), range(0, n, 1, 'int32'));
        const products = prod(where(diagonal, 1, rows), 2);
        const scaled = mul(products, reshape(dy, [-1, 1]));
        const permutedShape = perm.map((a) => x.shape[a]!);
        const inverse = perm.map((_, i) => perm.indexOf(i));
        return transpose(reshape(scaled, permutedShape), inverse);
      },
    }),
  },
  // d logSumExp / dx = softmax(x) over the axes.
  {
    kernelName: 'logSumExp',
    gradient: (dy, { inputs: { x }, attrs: { axes }, output }) => ({
      x: () => mul(kept(dy, x.shape, axes), exp(sub(x, kept(output, x.shape, axes)))),
    }),
  },
  // mean = Σx / N, variance = Σ(x - mean)² / N: dx = dMean / N + dVariance · 2 (x - mean) / N.
  {
    kernelName: 'moments',
    gradient: ([dMean, dVariance], { inputs: { x }, attrs: { axes }, output: [mean] }) => ({
      x: () => {
        const n = count(x.shape, axes);
        const fromMean = div(kept(dMean, x.shape, axes), n);
        const centered = sub(x, kept(mean, x.shape, axes));
        const fromVariance = mul(kept(dVariance, x.shape, axes), mul(centered, 2 / n));
        return add(fromVariance, fromMean);
      },
    }),
  },
];
