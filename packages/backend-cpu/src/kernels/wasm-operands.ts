import {
  type DType,
  DTypeError,
  type Shape,
  type TensorInfo,
  type Window2dGeometry,
} from '@glia/core';
import type { CpuStorage } from '../cpu-storage';
import { ArenaFullError } from '../wasm/arena';
import type { WasmRuntime } from '../wasm/runtime';

/*
 * The operands of one SIMD kernel call, as byte offsets into the wasm memory. Where tensors live
 * in the arena (shared memory) inputs are used in place and outputs become tensors without a copy;
 * otherwise inputs are copied in and outputs copied out. Temporaries are freed by `release`.
 */
export class WasmOperands {
  private readonly blocks: { ptr: number; bytes: number }[] = [];

  constructor(
    readonly runtime: WasmRuntime,
    private readonly storage: CpuStorage,
  ) {}

  /** The byte offset of a float32 input's values (copied into a temporary when not resident). */
  input(info: TensorInfo, kernel: string, name: string): number {
    const ptr = this.storage.pointer(info);
    if (ptr !== undefined) return ptr;
    const values = this.storage.float32Values(info, kernel, name);
    const copy = this.temp(values.length);
    this.runtime.arena.f32(copy, values.length).set(values);
    return copy;
  }

  /** The byte offsets of several float32 inputs, each named in errors by its key. */
  inputs<Name extends string>(
    kernel: string,
    tensors: Record<Name, TensorInfo>,
  ): Record<Name, number> {
    const ptrs = {} as Record<Name, number>;
    for (const name of Object.keys(tensors) as Name[])
      ptrs[name] = this.input(tensors[name], kernel, name);
    return ptrs;
  }

  /** The byte offset of a bool input's values (one byte each; copied in when not resident). */
  inputBool(info: TensorInfo, kernel: string, name: string): number {
    if (info.dtype !== 'bool')
      throw new DTypeError(`${kernel}: '${name}' has dtype ${info.dtype}: expected bool`);
    const ptr = this.storage.pointer(info);
    if (ptr !== undefined) return ptr;
    const values = this.storage.values(info);
    const copy = this.tempBytes(values.length);
    new Uint8Array(this.runtime.arena.buffer(), copy, values.length).set(values);
    return copy;
  }

  /** A temporary block of `elements` floats (contents undefined), freed by `release`. */
  temp(elements: number): number {
    return this.tempBytes(elements * 4);
  }

  /** A temporary block of `bytes` bytes (contents undefined), freed by `release`. */
  tempBytes(bytes: number): number {
    const size = Math.max(4, bytes);
    const ptr = this.runtime.arena.alloc(size);
    this.blocks.push({ ptr, bytes: size });
    return ptr;
  }

  /** A float32 view of `elements` at `ptr`; take views after the last allocation of the call. */
  view(ptr: number, elements: number): Float32Array {
    return this.runtime.arena.f32(ptr, elements);
  }

  /** Sets the window geometry that the wasm im2col, col2im, conv and pooling jobs read (dilation 1). */
  setWindowGeometry(g: Window2dGeometry): void {
    this.runtime.exports.setGeometry(
      g.inHeight,
      g.inWidth,
      g.inChannels,
      g.outHeight,
      g.outWidth,
      g.windowHeight,
      g.windowWidth,
      g.strideHeight,
      g.strideWidth,
      g.padTop,
      g.padLeft,
    );
  }

  /** Zeroes `elements` floats at `ptr`. */
  zero(ptr: number, elements: number): void {
    this.runtime.exports.zero(ptr, elements * 4);
  }

  /**
   * The block at `ptr` (from `temp`, or `tempBytes` for bool) as the kernel's output of `shape`:
   * `elements` float32 values, or bytes when `dtype` is bool.
   */
  output(ptr: number, elements: number, shape: Shape, dtype: DType = 'float32'): TensorInfo {
    const buffer = this.runtime.arena.buffer();
    const view =
      dtype === 'bool' ? new Uint8Array(buffer, ptr, elements) : this.view(ptr, elements);
    const index = this.blocks.findIndex((b) => b.ptr === ptr);
    if (this.storage.arena !== null && index >= 0) {
      this.blocks.splice(index, 1); // now owned by the tensor
      const dataId = this.storage.registerBlock(view, ptr, shape, dtype);
      return { dataId, shape: [...shape], dtype };
    }
    return this.storage.output(view.slice(), shape, dtype);
  }

  /** Frees the temporaries. */
  release(): void {
    for (const { ptr, bytes } of this.blocks) this.runtime.arena.free(ptr, bytes);
    this.blocks.length = 0;
  }
}

/**
 * Runs `simd` with fresh operands, or `fallback` when there is no runtime or its memory is full.
 */
export function withWasm<T>(
  runtime: WasmRuntime | null,
  storage: CpuStorage,
  simd: (operands: WasmOperands) => T,
  fallback: () => T,
): T {
  if (runtime === null) return fallback();
  const operands = new WasmOperands(runtime, storage);
  try {
    return simd(operands);
  } catch (error) {
    if (error instanceof ArenaFullError) return fallback();
    throw error;
  } finally {
    operands.release();
  }
}
