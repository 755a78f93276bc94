import type { BackendKernels } from '../kernels/kernel-table';
import type { DataId, DType, Shape, TypedArray } from '../types';

/** Memory a backend reports for its own storage. */
export interface BackendMemory {
  numBytes: number;
  numDataBuffers: number;
}

/**
 * What a backend implements: storage for tensor data and a table of kernels. See CONTRIBUTING.md
 * for how to write one, and run `@glia/backend-conformance` against it.
 */
export interface Backend {
  /** The name it is registered under. */
  readonly name: string;
  /** Stores a copy of `values` (length = size of `shape`) and returns its key; see `newDataId`. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId;
  /** Reads the values of `dataId` (a copy or a read-only view; callers do not mutate it). */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read; GPU backends may block. */
  readSync(dataId: DataId): TypedArray;
  /** Frees the storage of `dataId`; called by the engine when its reference count drops to zero. */
  disposeData(dataId: DataId): void;
  /** Bytes and buffers held now. */
  memory(): BackendMemory;
  /** The kernels; every primitive is required by the type. */
  readonly kernels: BackendKernels;
  /** Releases everything the backend holds. */
  dispose(): void;
  /** A short description for `getBackend()` reports, e.g. the gpu.js mode. */
  describe?(): string;
}

let nextDataId = 1;

/** Creates a new unique storage key; backends call this in `write` and in kernels that allocate. */
export function newDataId(): DataId {
  return { __dataId: nextDataId++ };
}
