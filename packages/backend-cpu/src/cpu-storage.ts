import {
  allocArray,
  BackendError,
  type BackendMemory,
  bytesPerElement,
  type DataId,
  type DType,
  DTypeError,
  type KernelImpl,
  type KernelName,
  newDataId,
  type Shape,
  type TensorInfo,
  type TypedArray,
} from '@glia/core';

/** One buffer the CPU backend holds: host values plus the shape and dtype they were written with. */
export interface StoredBuffer {
  values: TypedArray;
  dtype: DType;
  shape: Shape;
}

/** A family of kernels implemented by one file: each named kernel with its exact table signature. */
export type KernelFamily<K extends KernelName> = { [P in K]: KernelImpl<P> };

/**
 * The CPU backend's buffers, keyed by data id. Kernels read their inputs through `values` and hand
 * their freshly written outputs to `output`, which registers them without copying.
 */
export class CpuStorage {
  // Keyed by the id's number rather than the object, so a reconstructed DataId still finds its data.
  private readonly buffers = new Map<number, StoredBuffer>();

  /** Stores a copy of `values` under a new data id. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const copy = allocArray(dtype, values.length);
    copy.set(values);
    return this.register(copy, shape, dtype);
  }

  /** Registers `values` (owned by the storage from now on) under a new data id. */
  register(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const dataId = newDataId();
    this.buffers.set(dataId.__dataId, { values, dtype, shape: [...shape] });
    return dataId;
  }

  /** Registers a kernel's output and returns what the engine needs to wrap it. */
  output(values: TypedArray, shape: Shape, dtype: DType): TensorInfo {
    return { dataId: this.register(values, shape, dtype), shape: [...shape], dtype };
  }

  /** The stored values of `dataId`; throws a BackendError when it was never written or was disposed. */
  read(dataId: DataId): TypedArray {
    const buffer = this.buffers.get(dataId.__dataId);
    if (buffer === undefined) {
      throw new BackendError(
        `cpu: data id ${dataId.__dataId} is not stored on this backend (never written, or already disposed)`,
      );
    }
    return buffer.values;
  }

  /** The values behind a kernel input. */
  values(info: TensorInfo): TypedArray {
    return this.read(info.dataId);
  }

  /**
   * The values behind a float32 kernel input, for kernels that only take float32 (conv, pooling,
   * float matMul); any other dtype is a DTypeError naming the kernel.
   */
  float32Values(info: TensorInfo, kernel: string, inputName: string): Float32Array {
    const values = this.values(info);
    if (!(values instanceof Float32Array)) {
      throw new DTypeError(`${kernel}: '${inputName}' has dtype ${info.dtype}: expected float32`);
    }
    return values;
  }

  /** Whether `dataId` is stored here. */
  has(dataId: DataId): boolean {
    return this.buffers.has(dataId.__dataId);
  }

  /** Frees one buffer; unknown ids are ignored (the engine may dispose shared data once). */
  delete(dataId: DataId): void {
    this.buffers.delete(dataId.__dataId);
  }

  /** Frees everything. */
  clear(): void {
    this.buffers.clear();
  }

  /** Bytes and buffers held now. */
  memory(): BackendMemory {
    let numBytes = 0;
    for (const buffer of this.buffers.values())
      numBytes += buffer.values.length * bytesPerElement(buffer.dtype);
    return { numBytes, numDataBuffers: this.buffers.size };
  }
}
