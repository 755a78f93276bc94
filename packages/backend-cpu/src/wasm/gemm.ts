import { GEMM_WASM_BASE64 } from './gemm-wasm';

/*
 * The WebAssembly SIMD GEMM (gemm.wat) behind a small typed interface. One instance owns one
 * growable memory laid out as
 *   [tile | packed A block | packed B block | a | b | c]
 * Kernels ask for room for their operands with `layout`, write them into the returned views (im2col
 * writes its patch matrix straight into `a`), call `multiply` as often as they need, and read `c`.
 * The module is small, so it is compiled and instantiated synchronously (allowed in Node and in
 * browsers for modules under 4 KiB on the main thread).
 */

/** The largest memory the GEMM grows to; a product needing more runs on the JavaScript path. */
const MAX_MEMORY_BYTES = 1 << 30;
const PAGE_BYTES = 65536;

interface GemmExports {
  memory: WebAssembly.Memory;
  MC: WebAssembly.Global;
  KC: WebAssembly.Global;
  NC: WebAssembly.Global;
  gemm: (
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    bColStride: number,
    c: number,
    ldc: number,
    packA: number,
    packB: number,
    tile: number,
  ) => void;
}

/** Views of the operand regions of wasm memory, valid until the next `layout` call. */
export interface GemmBuffers {
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes for `elements` float32 values, rounded up to 16 so every region is v128-aligned. */
function regionBytes(elements: number): number {
  return Math.ceil(elements / 4) * 16;
}

/** The SIMD GEMM on one wasm instance: `c += op(a) · op(b)` on float32, accumulated in float32. */
export class WasmGemm {
  private readonly exports: GemmExports;
  private readonly packA: number;
  private readonly packB: number;
  private readonly operandsStart: number;
  private aPtr = 0;
  private bPtr = 0;
  private cPtr = 0;

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module).exports as unknown as GemmExports;
    const mc = this.exports.MC.value as number;
    const kc = this.exports.KC.value as number;
    const nc = this.exports.NC.value as number;
    const tile = 0;
    this.packA = tile + regionBytes(32);
    this.packB = this.packA + regionBytes(mc * kc);
    this.operandsStart = this.packB + regionBytes(kc * nc);
  }

  /**
   * Makes room for operands of `aSize`, `bSize` and `cSize` elements and returns views of them,
   * or null when that would pass the memory cap. Earlier views may be detached by this call.
   */
  layout(aSize: number, bSize: number, cSize: number): GemmBuffers | null {
    this.aPtr = this.operandsStart;
    this.bPtr = this.aPtr + regionBytes(aSize);
    this.cPtr = this.bPtr + regionBytes(bSize);
    const end = this.cPtr + regionBytes(cSize);
    if (end > MAX_MEMORY_BYTES) return null;
    const memory = this.exports.memory;
    const have = memory.buffer.byteLength;
    if (end > have) memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    const buffer = memory.buffer;
    return {
      a: new Float32Array(buffer, this.aPtr, aSize),
      b: new Float32Array(buffer, this.bPtr, bSize),
      c: new Float32Array(buffer, this.cPtr, cSize),
    };
  }

  /**
   * c[cOffset..] (m×n, row-major) += op(A) · op(B), where A is the m×k matrix stored at a[aOffset..]
   * (as [k, m] when `transposeA`) and B the k×n matrix at b[bOffset..] (as [n, k] when `transposeB`).
   * Offsets are in elements, into the regions of the last `layout`.
   */
  multiply(
    m: number,
    k: number,
    n: number,
    transposeA: boolean,
    transposeB: boolean,
    aOffset = 0,
    bOffset = 0,
    cOffset = 0,
  ): void {
    this.exports.gemm(
      m,
      n,
      k,
      this.aPtr + aOffset * 4,
      transposeA ? 1 : k,
      transposeA ? m : 1,
      this.bPtr + bOffset * 4,
      transposeB ? 1 : n,
      transposeB ? k : 1,
      this.cPtr + cOffset * 4,
      n,
      this.packA,
      this.packB,
      0,
    );
  }
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * A new SIMD GEMM instance, or null where WebAssembly or its 128-bit SIMD is unavailable (the
 * module itself is the feature probe: `WebAssembly.validate` rejects it without SIMD).
 */
export function createWasmGemm(): WasmGemm | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      if (typeof WebAssembly === 'object') {
        const bytes = decodeBase64(GEMM_WASM_BASE64);
        if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
      }
    } catch {
      compiled = null; // e.g. a content security policy that forbids compiling WebAssembly
    }
  }
  if (compiled === null) return null;
  try {
    return new WasmGemm(compiled);
  } catch {
    return null;
  }
}
