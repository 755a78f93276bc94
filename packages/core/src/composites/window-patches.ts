// im2col and col2im for the window kernels (conv2d, pooling and their gradients), built from the
// `pad`, `gather`, `unsortedSegmentSum` and `slice` primitives with an index table computed on the host.
import type { Window2dGeometry } from '../kernels/window-geometry';
import { gather, unsortedSegmentSum } from '../ops/gather';
import { pad } from '../ops/pad-tile-reverse';
import { reshape } from '../ops/reshape';
import { slice } from '../ops/slice';
import { tensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';

/**
 * Where each window tap reads in the padded input flattened to [paddedHeight * paddedWidth]:
 * `indices[(p * windowSize + t)]` for output position p (row-major over outHeight x outWidth) and tap
 * t (row-major over windowHeight x windowWidth). The same table gathers patches (im2col) and, read
 * as segment ids, scatters them back (col2im).
 */
export interface PatchIndexTable {
  indices: Int32Array;
  paddedHeight: number;
  paddedWidth: number;
  /** Taps per window: windowHeight * windowWidth. */
  windowSize: number;
  /** Output positions: outHeight * outWidth. */
  numPositions: number;
}

/**
 * Builds the index table of one call's geometry. It is small (outputs x taps) and cheap next to the
 * kernels that use it, so it is rebuilt per call rather than cached: no global state to invalidate.
 */
export function patchIndexTable(geo: Window2dGeometry): PatchIndexTable {
  const paddedHeight = geo.inHeight + geo.padTop + geo.padBottom;
  const paddedWidth = geo.inWidth + geo.padLeft + geo.padRight;
  const windowSize = geo.windowHeight * geo.windowWidth;
  const numPositions = geo.outHeight * geo.outWidth;
  const indices = new Int32Array(numPositions * windowSize);
  let i = 0;
  for (let oh = 0; oh < geo.outHeight; oh++) {
    for (let ow = 0; ow < geo.outWidth; ow++) {
      for (let kh = 0; kh < geo.windowHeight; kh++) {
        const row = oh * geo.strideHeight + kh * geo.dilationHeight;
        for (let kw = 0; kw < geo.windowWidth; kw++) {
          const col = ow * geo.strideWidth + kw * geo.dilationWidth;
          indices[i++] = row * paddedWidth + col;
        }
      }
    }
  }
  return { indices, paddedHeight, paddedWidth, windowSize, numPositions };
}

/**
 * Number of non-padding cells in each window, one per output position: TF's divisor for average
 * pooling, where padding cells are not counted. A window lying wholly in (explicit) padding counts
 * 1, so it averages to 0 rather than 0/0 = NaN.
 */
export function windowCellCounts(
  geo: Window2dGeometry,
  table: PatchIndexTable = patchIndexTable(geo),
): Float32Array {
  const counts = new Float32Array(table.numPositions);
  table.indices.forEach((index, i) => {
    // The tap's cell in the unpadded input.
    const row = Math.floor(index / table.paddedWidth) - geo.padTop;
    const col = (index % table.paddedWidth) - geo.padLeft;
    if (row >= 0 && row < geo.inHeight && col >= 0 && col < geo.inWidth)
      counts[Math.floor(i / table.windowSize)]!++;
  });
  return counts.map((n) => Math.max(n, 1));
}

function indexTensor(table: PatchIndexTable): Tensor {
  return tensor(table.indices, [table.indices.length], 'int32');
}

/**
 * im2col: NHWC `x` padded with `padValue` -> [batch, numPositions * windowSize, channels], one row
 * of channels per (output position, tap). Callers reshape it to the layout they multiply or reduce.
 */
export function extractPatches(
  x: Tensor,
  geo: Window2dGeometry,
  table: PatchIndexTable,
  padValue: number,
): Tensor {
  const hasPadding = geo.padTop + geo.padBottom + geo.padLeft + geo.padRight > 0;
  const padded = hasPadding
    ? pad(
        x,
        [
          [0, 0],
          [geo.padTop, geo.padBottom],
          [geo.padLeft, geo.padRight],
          [0, 0],
        ],
        padValue,
      )
    : x;
  const flat = reshape(padded, [geo.batch, table.paddedHeight * table.paddedWidth, geo.inChannels]);
  return gather(flat, indexTensor(table), 1);
}

/**
 * col2im, the adjoint of `extractPatches`: sums `columns` [batch, numPositions * windowSize,
 * channels] into the padded input cells the taps read from, then drops the padding. Overlapping
 * windows add up, which is what every window gradient needs.
 */
export function scatterPatches(
  columns: Tensor,
  geo: Window2dGeometry,
  table: PatchIndexTable,
): Tensor {
  const numCells = table.paddedHeight * table.paddedWidth;
  const summed = unsortedSegmentSum(columns, indexTensor(table), numCells, 1);
  const padded = reshape(summed, [
    geo.batch,
    table.paddedHeight,
    table.paddedWidth,
    geo.inChannels,
  ]);
  const hasPadding = table.paddedHeight !== geo.inHeight || table.paddedWidth !== geo.inWidth;
  if (!hasPadding) return padded;
  return slice(
    padded,
    [0, geo.padTop, geo.padLeft, 0],
    [geo.batch, geo.inHeight, geo.inWidth, geo.inChannels],
  );
}
