import type { Shape, TensorInfo } from '@glia/core';
import type { CpuStorage } from '../cpu-storage';
import { ArenaFullError } from '../wasm/arena';
import type { WasmRuntime } from '../wasm/runtime';

/**
 * Elementwise kernels on fewer elements stay in JavaScript, where a call costs less than the
 * wasm call's bookkeeping.
 */
export const SIMD_MIN_ELEMENTS = 64;

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

  /** A temporary block of `elements` floats (contents undefined), freed by `release`. */
  temp(elements: number): number {
    const bytes = Math.max(4, elements * 4);
    const ptr = this.runtime.arena.alloc(bytes);
    this.blocks.push({ ptr, bytes });
    return ptr;
  }

  /** A float32 view of `elements` at `ptr`; take views after the last allocation of the call. */
  view(ptr: number, elements: number): Float32Array {
    return this.runtime.arena.f32(ptr, elements);
  }

  /** Zeroes `elements` floats at `ptr`. */
  zero(ptr: number, elements: number): void {
    this.view(ptr, elements).fill(0);
  }

  /** The block at `ptr` (from `temp`) as the kernel's float32 output of `shape`. */
  output(ptr: number, elements: number, shape: Shape): TensorInfo {
    const index = this.blocks.findIndex((b) => b.ptr === ptr);
    if (this.storage.arena !== null && index >= 0) {
      const view = this.view(ptr, elements);
      this.blocks.splice(index, 1); // now owned by the tensor
      return {
        dataId: this.storage.registerBlock(view, ptr, shape),
        shape: [...shape],
        dtype: 'float32',
      };
    }
    return this.storage.output(this.view(ptr, elements).slice(), shape, 'float32');
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
