// Undoing broadcasting: a gradient has the output's shape and must be summed back to an input's.
import { reshape, type Shape, shapesEqual, sum, type Tensor } from '@glia/core';

/**
 * Sums `g` over the dimensions that broadcasting added to or stretched in `shape` (NumPy aligns
 * shapes on the right), then gives it `shape`.
 */
export function reduceTo(g: Tensor, shape: Shape): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(axes.length > 0 ? sum(g, axes) : g, shape);
}
