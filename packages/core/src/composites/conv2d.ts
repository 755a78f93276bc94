// conv2d and its two gradients as im2col / col2im around one batchMatMul each.
import { registerComposition, runKernel } from '../engine/engine';
import type { Conv2dAttrs } from '../kernels/kernel-table';
import { type Window2dGeometry, window2dGeometry } from '../kernels/window-geometry';
import { reshape } from '../ops/reshape';
import type { Tensor } from '../tensor/tensor';
import { extractPatches, patchIndexTable, scatterPatches } from './window-patches';

function convGeometry(
  op: string,
  inputShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2dAttrs,
): Window2dGeometry {
  return window2dGeometry(
    op,
    inputShape,
    [filterShape[0]!, filterShape[1]!],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
  );
}

/**
 * One matrix product over all images at once: the batch folds into the rows ([1, batch * positions,
 * ...]) because `batchMatMul` needs equal batch sizes and the filter is shared by every image.
 */
function matMul3d(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): Tensor {
  return runKernel('batchMatMul', { a, b }, { transposeA, transposeB });
}

/** x [n,h,w,ci] * filter [fh,fw,ci,co]: patches [n*oh*ow, fh*fw*ci] x filter [fh*fw*ci, co]. */
registerComposition('conv2d', ({ x, filter }, attrs) => {
  const geo = convGeometry('conv2d', x.shape, filter.shape, attrs);
  const table = patchIndexTable(geo);
  const patchSize = table.windowSize * geo.inChannels;
  const outChannels = filter.shape[3]!;
  const patches = reshape(extractPatches(x, geo, table, 0), [
    1,
    geo.batch * table.numPositions,
    patchSize,
  ]);
  const product = matMul3d(patches, reshape(filter, [1, patchSize, outChannels]), false, false);
  return reshape(product, [geo.batch, geo.outHeight, geo.outWidth, outChannels]);
});

/** dx = col2im(dy x filterᵀ): each output cell's gradient flows back to every input cell it read. */
registerComposition('conv2dBackpropInput', ({ dy, filter }, attrs) => {
  const geo = convGeometry('conv2dBackpropInput', attrs.inputShape, filter.shape, attrs);
  const table = patchIndexTable(geo);
  const patchSize = table.windowSize * geo.inChannels;
  const outChannels = filter.shape[3]!;
  const rows = reshape(dy, [1, geo.batch * table.numPositions, outChannels]);
  const columns = matMul3d(rows, reshape(filter, [1, patchSize, outChannels]), false, true);
  return scatterPatches(
    reshape(columns, [geo.batch, table.numPositions * table.windowSize, geo.inChannels]),
    geo,
    table,
  );
});

/** dFilter = patchesᵀ x dy; folding the batch into the rows sums the per-image products. */
registerComposition('conv2dBackpropFilter', ({ x, dy }, attrs) => {
  const geo = convGeometry('conv2dBackpropFilter', x.shape, attrs.filterShape, attrs);
  const table = patchIndexTable(geo);
  const patchSize = table.windowSize * geo.inChannels;
  const outChannels = attrs.filterShape[3]!;
  const patches = reshape(extractPatches(x, geo, table, 0), [
    1,
    geo.batch * table.numPositions,
    patchSize,
  ]);
  const rows = reshape(dy, [1, geo.batch * table.numPositions, outChannels]);
  return reshape(matMul3d(patches, rows, true, false), attrs.filterShape);
});
