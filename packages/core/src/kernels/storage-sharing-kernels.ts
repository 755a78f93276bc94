import { fmtShape, ShapeError } from '../errors';
import { sizeFromShape } from '../util/shape';
import type { KernelImpl } from './kernel-table';

/*
 * `reshape` and `identity` for backends whose storage the engine reference-counts: the output is
 * the input's data under a new shape, with nothing copied.
 */

/** reshape without a copy: the same data under `shape`, which must hold as many elements. */
export const reshapeSharingStorage: KernelImpl<'reshape'> = ({ x }, { shape }) => {
  if (sizeFromShape(shape) !== sizeFromShape(x.shape)) {
    throw new ShapeError(
      `reshape: cannot reshape x ${fmtShape(x.shape)} (${sizeFromShape(x.shape)} elements) to ${fmtShape(shape)}`,
    );
  }
  return { dataId: x.dataId, shape: [...shape], dtype: x.dtype };
};

/** identity without a copy: the same data and shape. */
export const identitySharingStorage: KernelImpl<'identity'> = ({ x }) => ({
  dataId: x.dataId,
  shape: [...x.shape],
  dtype: x.dtype,
});
