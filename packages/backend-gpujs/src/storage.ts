import {
  BackendError,
  type BackendMemory,
  bytesPerElement,
  type DataId,
  type DType,
  newDataId,
  type Shape,
  sizeFromShape,
  type TensorInfo,
  type TypedArray,
} from '@glia/core';
import type { DeviceBuffer, GpujsDevice } from './device';

/** One tensor's data on the device, with the shape and dtype it was created with. */
interface StoredTensor {
  buffer: DeviceBuffer;
  shape: Shape;
  dtype: DType;
  size: number;
  /**
   * The values as written from the host, kept for int32/bool tensors only (small: indices, labels),
   * so kernels that must check indices on the host (gather) need no read back from the device.
   */
  host?: TypedArray;
}

/**
 * The backend's buffers, keyed by data id. Every dtype is stored as float32 on the device: int32
 * and bool values are integers held exactly by float32 up to 2^24 in magnitude, and are converted
 * back to Int32Array / Uint8Array when read.
 */
export class GpujsStorage {
  private readonly tensors = new Map<number, StoredTensor>();

  constructor(readonly device: GpujsDevice) {}

  /** Uploads a copy of `values`. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    const dataId = this.register(this.device.upload(floats), shape, dtype);
    if (dtype !== 'float32') this.tensors.get(dataId.__dataId)!.host = values.slice();
    return dataId;
  }

  /** The host copy of an int32/bool tensor written from the host, else a read back. */
  hostValues(info: TensorInfo): TypedArray {
    return this.get(info.dataId).host ?? this.read(info.dataId);
  }

  /** Registers a buffer a kernel produced (owned by the storage from now on). */
  register(buffer: DeviceBuffer, shape: Shape, dtype: DType): DataId {
    const dataId = newDataId();
    this.tensors.set(dataId.__dataId, {
      buffer,
      shape: [...shape],
      dtype,
      size: sizeFromShape([...shape]),
    });
    return dataId;
  }

  /** A kernel output as the engine wants it. */
  output(buffer: DeviceBuffer, shape: Shape, dtype: DType): TensorInfo {
    return { dataId: this.register(buffer, shape, dtype), shape: [...shape], dtype };
  }

  /** The device buffer behind `info`. */
  buffer(info: TensorInfo): DeviceBuffer {
    return this.get(info.dataId).buffer;
  }

  /** Reads values back to the host, in the dtype's array type. */
  read(dataId: DataId): TypedArray {
    const stored = this.get(dataId);
    const floats = this.device.download(stored.buffer, stored.size);
    switch (stored.dtype) {
      case 'float32':
        // webasm buffers are the stored array itself: hand out a copy so callers cannot alter it
        return floats === stored.buffer ? Float32Array.from(floats) : floats;
      case 'int32':
        return Int32Array.from(floats);
      case 'bool':
        return Uint8Array.from(floats, (v) => (v !== 0 ? 1 : 0));
    }
  }

  private get(dataId: DataId): StoredTensor {
    const stored = this.tensors.get(dataId.__dataId);
    if (stored === undefined) {
      throw new BackendError(
        `gpujs: data id ${dataId.__dataId} is not stored on this backend (never written, or already disposed)`,
      );
    }
    return stored;
  }

  /** Frees one tensor's buffer (its texture in the GL modes); unknown ids are ignored. */
  delete(dataId: DataId): void {
    const stored = this.tensors.get(dataId.__dataId);
    if (stored === undefined) return;
    this.tensors.delete(dataId.__dataId);
    this.device.release(stored.buffer);
  }

  /** Frees everything. */
  clear(): void {
    for (const stored of this.tensors.values()) this.device.release(stored.buffer);
    this.tensors.clear();
  }

  /**
   * Bytes and buffers held now. Bytes count each dtype's size (1 for bool, 4 otherwise), as every
   * backend reports them; the device itself holds 4 bytes per element of every dtype.
   */
  memory(): BackendMemory {
    let numBytes = 0;
    for (const stored of this.tensors.values())
      numBytes += stored.size * bytesPerElement(stored.dtype);
    return { numBytes, numDataBuffers: this.tensors.size };
  }
}
