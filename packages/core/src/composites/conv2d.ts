// conv2d and its two gradients as im2col / col2im around one batchMatMul each.
import { registerComposition, runKernel } from '../engine/engine';
import type { Conv2dAttrs } from '../kernels/kernel-table';
import type { Window2dGeometry } from '../kernels/window-geometry';
import { conv2dGeometry } from '../kernels/window-geometry';
import { reshape } from '../ops/reshape';
import type { Tensor } from '../tensor/tensor';
import { extractPatches, patchIndexTable, scatterPatches } from './window-patches';

/**
 * One matrix product over all images at once: the batch folds into the rows ([1, batch * positions,
 * ...]) because `batchMatMul` needs equal batch sizes and the filter is shared by every image.
 */
function matMul3d(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  return runKernel('batchMatMul', { a, b }, { transposeA, transposeB });
}

/** The patch matrix of one conv2d kernel call: its geometry, index table, rows and columns. */
interface PatchPlan {
  geo: Window2dGeometry;
  table: ReturnType<typeof patchIndexTable>;
  /** Output positions over all images, and the cells under one window. */
  rows: number;
  patchSize: number;
}

function patchPlan(
  op: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2dAttrs,
): PatchPlan {
  const geo = conv2dGeometry(op, inputShape, filterShape, attrs);
  const table = patchIndexTable(geo);
  return {
    geo,
    table,
    rows: geo.batch * table.numPositions,
    patchSize: table.windowSize * geo.inChannels,
  };
}

/** x's patch matrix, [1, rows, patchSize]. */
function patchMatrix(x: Tensor, { geo, table, rows, patchSize }: PatchPlan): Tensor {
  return reshape(extractPatches(x, geo, table, 0), [1, rows, patchSize]);
}

/** x [n,h,w,ci] * filter [fh,fw,ci,co]: patches [n*oh*ow, fh*fw*ci] x filter [fh*fw*ci, co]. */
registerComposition('conv2d', ({ x, filter }, attrs) => {
  const plan = patchPlan('conv2d', x.shape, filter.shape, attrs);
  const { geo, patchSize } = plan;
  const outChannels = filter.shape[3]!;
  const filterMatrix = reshape(filter, [1, patchSize, outChannels]);
  const product = matMul3d(patchMatrix(x, plan), filterMatrix, false, false);
  return reshape(product, [geo.batch, geo.outHeight, geo.outWidth, outChannels]);
});

/** dx = col2im(dy x filterᵀ): each output cell's gradient flows back to every input cell it read. */
registerComposition('conv2dBackpropInput', ({ dy, filter }, attrs) => {
  const plan = patchPlan('conv2dBackpropInput', attrs.inputShape, filter.shape, attrs);
  const { geo, table, rows, patchSize } = plan;
  const outChannels = filter.shape[3]!;
  const dyRows = reshape(dy, [1, rows, outChannels]);
  const columns = matMul3d(dyRows, reshape(filter, [1, patchSize, outChannels]), false, true);
  return scatterPatches(
    reshape(columns, [geo.batch, table.numPositions * table.windowSize, geo.inChannels]),
    geo,
    table,
  );
});

/** dFilter = patchesᵀ x dy; folding the batch into the rows sums the per-image products. */
registerComposition('conv2dBackpropFilter', ({ x, dy }, attrs) => {
  const plan = patchPlan('conv2dBackpropFilter', x.shape, attrs.filterShape, attrs);
  const dyRows = reshape(dy, [1, plan.rows, attrs.filterShape[3]!]);
  return reshape(matMul3d(patchMatrix(x, plan), dyRows, true, false), attrs.filterShape);
});
