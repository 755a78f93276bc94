/*
 * A buffer pool inside one WebAssembly.Memory. Blocks are bump-allocated and, once freed, kept on a
 * free list per exact size: a training step allocates the same sizes every step, so after the first
 * step every allocation is a reuse and nothing new is allocated (no garbage, no page faults, no
 * memory growth). Blocks never move, so kernels address them by byte offset.
 */

/** Every block starts on a 64-byte boundary (a cache line; v128-aligned). */
const ALIGN = 64;
const PAGE_BYTES = 65536;

/** Thrown when a block would take the memory past its maximum; kernels then run in JavaScript. */
export class ArenaFullError extends Error {
  constructor(bytes: number, limit: number) {
    super(`wasm arena: no room for ${bytes} more bytes (the memory is capped at ${limit} bytes)`);
    this.name = 'ArenaFullError';
  }
}

/** Free-list allocator of byte blocks in `memory`, starting at `start`. */
export class Arena {
  private top: number;
  private readonly start: number;
  private readonly freeBySize = new Map<number, number[]>();
  private view: ArrayBuffer | SharedArrayBuffer;
  /** Bytes handed out and not yet freed. */
  bytesInUse = 0;
  /** Zeroes bytes in the memory (the kernels module's memory.fill, set by the runtime). */
  zeroBytes: (ptr: number, bytes: number) => void = (ptr, bytes) =>
    new Uint8Array(this.buffer(), ptr, bytes).fill(0);

  constructor(
    readonly memory: WebAssembly.Memory,
    start: number,
    /** The memory's maximum size in bytes. */
    readonly limit: number,
  ) {
    this.start = Math.ceil(start / ALIGN) * ALIGN;
    this.top = this.start;
    this.view = memory.buffer;
  }

  /** Bytes a request of `bytes` occupies. */
  static blockBytes(bytes: number): number {
    return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  }

  /** The byte offset of a new block of at least `bytes`; throws ArenaFullError past the limit. */
  alloc(bytes: number): number {
    const size = Arena.blockBytes(bytes);
    const reusable = this.freeBySize.get(size);
    if (reusable !== undefined && reusable.length > 0) {
      this.bytesInUse += size;
      return reusable.pop()!;
    }
    const ptr = this.top;
    const end = ptr + size;
    if (end > this.limit) throw new ArenaFullError(size, this.limit);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    this.top = end;
    this.bytesInUse += size;
    return ptr;
  }

  /** Returns the block at `ptr` (allocated with `bytes`) to its free list. */
  free(ptr: number, bytes: number): void {
    const size = Arena.blockBytes(bytes);
    let list = this.freeBySize.get(size);
    if (list === undefined) {
      list = [];
      this.freeBySize.set(size, list);
    }
    list.push(ptr);
    this.bytesInUse -= size;
  }

  /** Forgets every block (all views into the arena become garbage to their holders). */
  reset(): void {
    this.freeBySize.clear();
    this.top = this.start;
    this.bytesInUse = 0;
  }

  /** The memory's current buffer (a new object after each growth). */
  buffer(): ArrayBuffer | SharedArrayBuffer {
    if (this.view.byteLength !== this.memory.buffer.byteLength) this.view = this.memory.buffer;
    return this.view;
  }

  /** A float32 view of `length` elements at byte offset `ptr`. */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.buffer(), ptr, length);
  }
}
