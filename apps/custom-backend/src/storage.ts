import {
  BackendError,
  type BackendMemory,
  type DataId,
  type DType,
  newDataId,
  type Shape,
  type TensorInfo,
  type TypedArray,
} from '@glia/core';

/** One stored tensor buffer: its values and the shape and dtype they were written with. */
interface StoredBuffer {
  values: TypedArray;
  shape: number[];
  dtype: DType;
}

/**
 * Every buffer the plain backend holds, in a Map keyed by the data id's number. Float32 data lives
 * in a Float32Array, int32 in an Int32Array and bool in a Uint8Array (0 or 1).
 */
export class PlainStorage {
  private readonly buffers = new Map<number, StoredBuffer>();

  /** Stores a copy of `values` (the caller keeps ownership of its array). */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    return this.adopt(arrayFor(dtype, values.length, values), shape, dtype).dataId;
  }

  /** Takes ownership of a kernel's freshly computed `values` and returns the output's info. */
  adopt(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    const dataId = newDataId();
    this.buffers.set(dataId.__dataId, { values, shape: [...shape], dtype });
    return { dataId, shape: [...shape], dtype };
  }

  /** The values behind a data id; a BackendError if it is not (or no longer) stored here. */
  read(dataId: DataId): TypedArray {
    const buffer = this.buffers.get(dataId.__dataId);
    if (buffer === undefined) {
      throw new BackendError(
        `plain: data id ${dataId.__dataId} is not stored on this backend (never written, or disposed)`,
      );
    }
    return buffer.values;
  }

  /** Frees one buffer; freeing an unknown id does nothing, as the engine may free shared ids once. */
  delete(dataId: DataId): void {
    this.buffers.delete(dataId.__dataId);
  }

  memory(): BackendMemory {
    let numBytes = 0;
    for (const { values } of this.buffers.values()) numBytes += values.byteLength;
    return { numBytes, numDataBuffers: this.buffers.size };
  }

  clear(): void {
    this.buffers.clear();
  }
}

/** A new typed array of `dtype`'s kind with `length` elements, filled from `from` when given. */
export function arrayFor(dtype: DType, length: number, from?: ArrayLike<number>): TypedArray {
  const array =
    dtype === 'float32'
      ? new Float32Array(length)
      : dtype === 'int32'
        ? new Int32Array(length)
        : new Uint8Array(length);
  if (from !== undefined) array.set(from);
  return array;
}
