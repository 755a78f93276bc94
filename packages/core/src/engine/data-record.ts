import type { Backend } from '../backend/backend';
import type { DataId, DType } from '../types';

/**
 * One buffer's bookkeeping: which backend holds it under which key, and how many tensors refer to
 * it. Tensors share a record when an op only re-describes data (reshape, clone). Moving data to
 * another backend updates the record in place, so every sharing tensor follows.
 */
export interface DataRecord {
  backend: Backend;
  dataId: DataId;
  refCount: number;
  bytes: number;
  dtype: DType;
}
