// broadcastTo, oneHot and split, composed from reshape, tile, equal, where and slice.
import { registerComposition } from '../engine/engine';
import { equal } from '../ops/binary';
import { tile } from '../ops/pad-tile-reverse';
import { expandDims, reshape } from '../ops/reshape';
import { slice } from '../ops/slice';
import { where } from '../ops/where';
import { range } from '../tensor/create';
import { splitSlices } from '../util/shape';

/**
 * Leading 1s first (NumPy aligns shapes on the right), then each size-1 dimension tiled to its
 * target size. The op has checked that the shapes broadcast.
 */
registerComposition('broadcastTo', ({ x }, { shape }) => {
  const lifted = [...new Array<number>(shape.length - x.rank).fill(1), ...x.shape];
  const reps = shape.map((d, i) => (lifted[i] === d ? 1 : d));
  const aligned = reshape(x, lifted);
  return reps.every((r) => r === 1) ? aligned : tile(aligned, reps);
});

// Comparing each index with 0..depth-1 matches nothing for an out-of-range index: a row of offValue.
registerComposition('oneHot', ({ indices }, { depth, onValue, offValue }) => {
  const hits = equal(expandDims(indices, -1), range(0, depth, 1, 'int32'));
  return where(hits, onValue, offValue);
});

// One slice per piece; the op has checked that the sizes add up to the axis.
registerComposition('split', ({ x }, { axis, sizes }) =>
  splitSlices(x.shape, axis, sizes).map(({ begin, size }) => slice(x, begin, size)),
);
