import { identitySharingStorage, reshapeSharingStorage, sizeFromShape } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../../cpu-storage';
import { broadcastStrides, stridedCopy } from '../strided-iteration';

/**
 * `reshape` and `identity` share the input's storage (the engine reference-counts it); `broadcastTo`
 * materialises the broadcast with zero strides.
 */
export function reshapeKernels(
  storage: CpuStorage,
): KernelFamily<'reshape' | 'identity' | 'broadcastTo'> {
  return {
    reshape: reshapeSharingStorage,
    identity: identitySharingStorage,
    broadcastTo: ({ x }, { shape }) => {
      const values = storage.values(x);
      const out = storage.alloc(x.dtype, sizeFromShape(shape));
      stridedCopy(values, out, shape, broadcastStrides(x.shape, shape), 0);
      return storage.output(out, shape, x.dtype);
    },
  };
}
