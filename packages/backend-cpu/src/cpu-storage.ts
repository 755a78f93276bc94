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
import { type Arena, ArenaFullError } from './wasm/arena';

/** One buffer the CPU backend holds: host values plus the shape and dtype they were written with. */
export interface StoredBuffer {
  values: TypedArray;
  dtype: DType;
  shape: Shape;
  /** Byte offset of the values in the wasm arena, when they live there. */
  ptr?: number;
}

/** A family of kernels implemented by one file: each named kernel with its exact table signature. */
export type KernelFamily<K extends KernelName> = { [P in K]: KernelImpl<P> };

/**
 * The CPU backend's buffers, keyed by data id. Kernels read their inputs through `values` and hand
 * their freshly written outputs to `output`, which registers them without copying.
 *
 * With an arena (a shared wasm memory), float32 data lives in it: the SIMD kernels then read and
 * write tensors in place, and a disposed tensor's block is reused by the next tensor of its size,
 * so a training step's steady state allocates nothing. Data that does not fit stays in the
 * JavaScript heap.
 */
export class CpuStorage {
  // Keyed by the id's number rather than the object, so a reconstructed DataId still finds its data.
  private readonly buffers = new Map<number, StoredBuffer>();
  /**
   * Arena blocks `allocFloat32` handed out and not yet registered, by offset (a view's byteOffset
   * is its block's offset): a Map rather than a WeakMap keyed by the view, which costs the garbage
   * collector more on every kernel.
   */
  private readonly pending = new Map<number, number>();

  constructor(readonly arena: Arena | null = null) {}

  /** Stores a copy of `values` under a new data id. */
  write(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const copy =
      dtype === 'float32' ? this.allocFloat32(values.length) : allocArray(dtype, values.length);
    copy.set(values);
    return this.register(copy, shape, dtype);
  }

  /**
   * A float32 array of `size` elements for a kernel's output: a block of the arena when there is
   * one (its contents are garbage: the kernel writes every element), else a zeroed heap array.
   */
  allocFloat32(size: number): Float32Array {
    if (this.arena === null || size === 0) return new Float32Array(size);
    try {
      const ptr = this.arena.alloc(size * 4);
      this.pending.set(ptr, size);
      return this.arena.f32(ptr, size);
    } catch (error) {
      if (error instanceof ArenaFullError) return new Float32Array(size);
      throw error;
    }
  }

  /**
   * An output array of `dtype` for a kernel that writes every element: float32 from `allocFloat32`
   * (pooled, contents undefined), other dtypes zeroed on the heap.
   */
  alloc(dtype: DType, size: number): TypedArray {
    return dtype === 'float32' ? this.allocFloat32(size) : allocArray(dtype, size);
  }

  /** Like `alloc`, but zeroed (for kernels that write only some elements). */
  allocZeroed(dtype: DType, size: number): TypedArray {
    if (dtype !== 'float32') return allocArray(dtype, size);
    const out = this.allocFloat32(size);
    const ptr = this.pendingBlock(out);
    if (ptr !== undefined) this.arena?.zeroBytes(ptr, size * 4);
    return out;
  }

  /** The arena offset of `values` if it is a block `allocFloat32` handed out and not registered. */
  private pendingBlock(values: TypedArray): number | undefined {
    // The arena's memory is shared (its buffer object changes when it grows, the memory does not);
    // without an arena (a page without SharedArrayBuffer) nothing is pending.
    if (this.arena === null || !(values instanceof Float32Array)) return undefined;
    if (!(values.buffer instanceof SharedArrayBuffer)) return undefined;
    const ptr = values.byteOffset;
    return this.pending.get(ptr) === values.length ? ptr : undefined;
  }

  /** Registers `values` (owned by the storage from now on) under a new data id. */
  register(values: TypedArray, shape: Shape, dtype: DType): DataId {
    const dataId = newDataId();
    const ptr = this.pendingBlock(values);
    if (ptr !== undefined) this.pending.delete(ptr);
    this.buffers.set(dataId.__dataId, { values, dtype, shape: [...shape], ptr });
    return dataId;
  }

  /** Registers the arena block at `ptr` (viewed by `values`) as the data of a `dtype` tensor. */
  registerBlock(values: TypedArray, ptr: number, shape: Shape, dtype: DType): DataId {
    const dataId = newDataId();
    this.buffers.set(dataId.__dataId, { values, dtype, shape: [...shape], ptr });
    return dataId;
  }

  /** The arena offset of a tensor's values, when they live in the arena. */
  pointer(info: TensorInfo): number | undefined {
    return this.buffers.get(info.dataId.__dataId)?.ptr;
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
    const buffer = this.buffers.get(dataId.__dataId);
    if (buffer === undefined) return;
    this.buffers.delete(dataId.__dataId);
    if (buffer.ptr !== undefined) this.arena?.free(buffer.ptr, buffer.values.byteLength);
  }

  /** Frees everything. */
  clear(): void {
    for (const buffer of this.buffers.values())
      if (buffer.ptr !== undefined) this.arena?.free(buffer.ptr, buffer.values.byteLength);
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
