// 2-D max and average pooling and their gradients, as reductions over im2col patches.
import { registerComposition } from '../engine/engine';
import { pool2dGeometry, type Window2dGeometry } from '../kernels/window-geometry';
import { div, equal } from '../ops/binary';
import { tile } from '../ops/pad-tile-reverse';
import { argMax, max, sum } from '../ops/reduce';
import { reshape } from '../ops/reshape';
import { where } from '../ops/where';
import { range, tensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';
import {
  extractPatches,
  type PatchIndexTable,
  patchIndexTable,
  scatterPatches,
  windowCellCounts,
} from './window-patches';

/** Patches as [batch, positions, taps, channels], so the window is one axis to reduce over. */
function windows(
  x: Tensor,
  geo: Window2dGeometry,
  table: PatchIndexTable,
  padValue: number,
): Tensor {
  return reshape(extractPatches(x, geo, table, padValue), [
    geo.batch,
    table.numPositions,
    table.windowSize,
    geo.inChannels,
  ]);
}

/** The per-window divisor as [positions, 1], broadcasting over batch and channels. */
function cellCounts(geo: Window2dGeometry, table: PatchIndexTable): Tensor {
  return tensor(windowCellCounts(geo, table), [table.numPositions, 1], 'float32');
}

/** Padding with -Infinity can never win a max, so windows that overhang the input ignore it. */
registerComposition('maxPool', ({ x }, attrs) => {
  const geo = pool2dGeometry('maxPool', x.shape, attrs);
  const table = patchIndexTable(geo);
  const pooled = max(windows(x, geo, table, Number.NEGATIVE_INFINITY), 2);
  return reshape(pooled, [geo.batch, geo.outHeight, geo.outWidth, geo.inChannels]);
});

/** Zero padding adds nothing to the sum; the divisor counts only real cells (TF semantics). */
registerComposition('avgPool', ({ x }, attrs) => {
  const geo = pool2dGeometry('avgPool', x.shape, attrs);
  const table = patchIndexTable(geo);
  const pooled = div(sum(windows(x, geo, table, 0), 2), cellCounts(geo, table));
  return reshape(pooled, [geo.batch, geo.outHeight, geo.outWidth, geo.inChannels]);
});

/**
 * Each dy goes to the first maximum of its window (argMax returns the first, so ties are broken as
 * TF does): a one-hot mask over the window axis (argMax compared with 0..taps-1) selects where dy
 * lands, and col2im adds up the windows that share an input cell. (A window whose maximum is a real
 * -Infinity tied with an earlier padding cell loses its dy to the padding; TF has no better answer.)
 */
registerComposition('maxPoolGrad', ({ dy, x }, attrs) => {
  const geo = pool2dGeometry('maxPoolGrad', x.shape, attrs);
  const table = patchIndexTable(geo);
  const { batch, inChannels } = geo;
  const { numPositions, windowSize } = table;
  const winner = reshape(argMax(windows(x, geo, table, Number.NEGATIVE_INFINITY), 2), [
    batch,
    numPositions,
    1,
    inChannels,
  ]);
  const taps = reshape(range(0, windowSize, 1, 'int32'), [1, 1, windowSize, 1]);
  const routed = where(equal(winner, taps), reshape(dy, [batch, numPositions, 1, inChannels]), 0);
  return scatterPatches(
    reshape(routed, [batch, numPositions * windowSize, inChannels]),
    geo,
    table,
  );
});

/** Each dy is split evenly over the real cells of its window (padding cells are dropped by col2im). */
registerComposition('avgPoolGrad', ({ dy }, attrs) => {
  const geo = pool2dGeometry('avgPoolGrad', attrs.inputShape, attrs);
  const table = patchIndexTable(geo);
  const { batch, inChannels } = geo;
  const { numPositions, windowSize } = table;
  const share = div(
    reshape(dy, [batch, numPositions, 1, inChannels]),
    reshape(cellCounts(geo, table), [numPositions, 1, 1]),
  );
  const spread = tile(share, [1, 1, windowSize, 1]);
  return scatterPatches(
    reshape(spread, [batch, numPositions * windowSize, inChannels]),
    geo,
    table,
  );
});
