import {
  BackendError,
  type BackendMemory,
  bytesPerElement,
  type DataId,
  type DType,
  fmtShape,
  newDataId,
  type Shape,
  SyncReadError,
  sizeFromShape,
  type TensorInfo,
  type TypedArray,
} from '@glia/core';
import type { DeviceBuffer, GpujsDevice } from './device';

/**
 * The most elements a tensor a kernel reads or writes may have. Kernel index arithmetic runs in
 * float32 on every gpu.js mode (GLSL floats; gpu.js's WebAssembly code types divisions as f32), and
 * `floor((i + 0.5) / stride)` is exact only while `i + 0.5` is, below 2^23. Tensors larger than
 * this are kept on the host (see `GpujsStorage`).
 */
export const MAX_KERNEL_ELEMENTS = 2 ** 23;

/**
 * One tensor's data, with the shape and dtype it was created with: on the device, or (tensors over
 * `MAX_KERNEL_ELEMENTS`, which no kernel can index) host-resident, `buffer` null and `host` the
 * values.
 */
interface StoredTensor {
  buffer: DeviceBuffer | null;
  shape: Shape;
  dtype: DType;
  size: number;
  /**
   * The values as written from the host, kept for int32/bool tensors only (small: indices, labels),
   * so kernels that must check indices on the host (gather) need no read back from the device;
   * for a host-resident tensor, its values in the dtype's array type.
   */
  host?: TypedArray;
}

/** A copy of `values` in `dtype`'s array type. */
function hostCopy(values: TypedArray, dtype: DType): TypedArray {
  switch (dtype) {
    case 'float32':
      return values instanceof Float32Array ? values.slice() : Float32Array.from(values);
    case 'int32':
      return values instanceof Int32Array ? values.slice() : Int32Array.from(values);
    case 'bool':
      return values instanceof Uint8Array ? values.slice() : Uint8Array.from(values);
  }
}

/** Device values `floats` of `stored` in its dtype's array type (a copy, never the buffer itself). */
function typed(floats: Float32Array, stored: StoredTensor): TypedArray {
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

/**
 * The backend's buffers, keyed by data id. Every dtype is stored as float32 on the device: int32
 * and bool values are integers held exactly by float32 up to 2^24 in magnitude, and are converted
 * back to Int32Array / Uint8Array when read.
 *
 * A tensor of more than `MAX_KERNEL_ELEMENTS` elements is host-resident: written and read as a
 * typed array, with no device buffer, since no kernel could index it. Only `gather` and `slice` take
 * one (on the host, uploading their result); every other kernel refuses it.
 */
export class GpujsStorage {
  private readonly tensors = new Map<number, StoredTensor>();

  constructor(readonly device: GpujsDevice) {}

  /**
   * The most elements a tensor may have on the device: `MAX_KERNEL_ELEMENTS`, and in the webgpu
   * mode no more than one storage buffer binds (maxStorageBufferBindingSize).
   */
  get maxDeviceElements(): number {
    return Math.min(MAX_KERNEL_ELEMENTS, Math.floor(this.device.maxBufferBytes / 4));
  }

  /** Uploads a copy of `values`; one over `maxDeviceElements` elements stays on the host. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    if (values.length > this.maxDeviceElements) {
      const dataId = this.register(null, shape, dtype);
      this.tensors.get(dataId.__dataId)!.host = hostCopy(values, dtype);
      return dataId;
    }
    const floats = values instanceof Float32Array ? values : Float32Array.from(values);
    const dataId = this.register(this.device.upload(floats), shape, dtype);
    if (dtype !== 'float32') this.tensors.get(dataId.__dataId)!.host = values.slice();
    return dataId;
  }

  /**
   * The host copy of an int32/bool tensor written from the host, else a read back; undefined on an
   * asynchronous device (webgpu), which has no synchronous read back.
   */
  hostValues(info: TensorInfo): TypedArray | undefined {
    const host = this.get(info.dataId).host;
    if (host !== undefined || this.device.isAsync) return host;
    return this.read(info.dataId);
  }

  /** Whether `info`'s values are host-resident (over `MAX_KERNEL_ELEMENTS`, no device buffer). */
  isHostResident(info: TensorInfo): boolean {
    return this.get(info.dataId).buffer === null;
  }

  /**
   * The values of a host-resident tensor, not copied: callers must not alter them. Throws for a
   * tensor on the device.
   */
  hostResidentValues(info: TensorInfo): TypedArray {
    const stored = this.get(info.dataId);
    if (stored.buffer !== null || stored.host === undefined) {
      throw new BackendError(`gpujs: data id ${info.dataId.__dataId} is not host-resident`);
    }
    return stored.host;
  }

  /** Registers a buffer a kernel produced (owned by the storage from now on). */
  register(buffer: DeviceBuffer | null, shape: Shape, dtype: DType): DataId {
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

  /** The device buffer behind `info`; a host-resident tensor has none (an error). */
  buffer(info: TensorInfo): DeviceBuffer {
    const buffer = this.get(info.dataId).buffer;
    if (buffer === null) {
      throw new BackendError(
        `gpujs: a tensor ${fmtShape(info.shape)} of more than ${MAX_KERNEL_ELEMENTS} elements is held on the host and has no device buffer`,
      );
    }
    return buffer;
  }

  /**
   * Reads values back to the host, in the dtype's array type. On an asynchronous device (webgpu)
   * only host-held values read synchronously; anything else is a `SyncReadError`.
   */
  read(dataId: DataId): TypedArray {
    const stored = this.get(dataId);
    if (stored.buffer === null) return stored.host!.slice();
    if (this.device.isAsync) {
      throw new SyncReadError(
        `gpujs (webgpu): a ${stored.dtype} tensor ${fmtShape(stored.shape)} is computed asynchronously on the device and has no synchronous read (dataSync, arraySync, toString): use \`await t.data()\` or \`await t.array()\``,
      );
    }
    return typed(this.device.download(stored.buffer, stored.size), stored);
  }

  /** Reads values back to the host once the device has computed them (any mode). */
  async readAsync(dataId: DataId): Promise<TypedArray> {
    const stored = this.get(dataId);
    if (stored.buffer === null) return stored.host!.slice();
    return typed(await this.device.downloadAsync(stored.buffer, stored.size), stored);
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
    if (stored.buffer !== null) this.device.release(stored.buffer);
  }

  /** Frees everything. */
  clear(): void {
    for (const stored of this.tensors.values()) {
      if (stored.buffer !== null) this.device.release(stored.buffer);
    }
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

  /** Host-resident tensors held now, and their bytes (included in `memory()` too). */
  hostResident(): { tensors: number; bytes: number } {
    let tensors = 0;
    let bytes = 0;
    for (const stored of this.tensors.values()) {
      if (stored.buffer !== null) continue;
      tensors++;
      bytes += stored.size * bytesPerElement(stored.dtype);
    }
    return { tensors, bytes };
  }
}
