import { SyncReadError } from '../errors';
import type { DType, DTypeArrayMap } from '../types';
import type { Tensor } from './tensor';

/**
 * The values of `t` when its backend reads synchronously, else undefined (a backend that reads
 * asynchronously only, such as gpu.js's webgpu mode, throws `SyncReadError` from `dataSync`). For
 * optional host-side checks and for code with an asynchronous path beside the synchronous one.
 *
 * ```ts
 * const ids = dataSyncIfAvailable(labels);
 * if (ids !== undefined) checkIds(ids); // else the check is left to the device
 * ```
 */
export function dataSyncIfAvailable<D extends DType>(t: Tensor<D>): DTypeArrayMap[D] | undefined {
  try {
    return t.dataSync();
  } catch (e) {
    if (e instanceof SyncReadError) return undefined;
    throw e;
  }
}
