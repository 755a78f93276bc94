import {
  KERNELS_WASM_PRIVATE_BASE64,
  KERNELS_WASM_RELAXED_PRIVATE_BASE64,
  KERNELS_WASM_RELAXED_SHARED_BASE64,
  KERNELS_WASM_SHARED_BASE64,
} from './kernels-wasm';

/*
 * The compiled SIMD kernels (kernels.wat) and the memory they run in. Where SharedArrayBuffer
 * exists the memory is shared: worker threads run GEMM slices in it, and the CPU backend keeps
 * every float32 tensor in it. Elsewhere (a browser page without cross-origin isolation) the memory
 * is private to one instance and kernels copy their operands in and out.
 */

/** Pages of 64 KiB the memory may grow to: 1 GiB (kernels.wat declares the same maximum). */
export const MAX_PAGES = 16384;
export const PAGE_BYTES = 65536;

type I = number;
type Binary = (out: I, a: I, b: I, n: I) => void;
type BinaryScalar = (out: I, a: I, s: number, n: I) => void;
type ScalarBinary = (out: I, s: number, b: I, n: I) => void;
type BinaryRows = (out: I, a: I, b: I, rows: I, width: I) => void;
type Unary = (out: I, x: I, n: I) => void;

/** The exports of kernels.wat (byte offsets into the memory; strides in elements). */
export interface KernelExports {
  MC: WebAssembly.Global;
  KC: WebAssembly.Global;
  NC: WebAssembly.Global;
  /** C[m,n] += A[m,k] · B[k,n] (= when overwrite is 1) with scratch packA, packB and a 32-float tile. */
  gemm: (
    m: I,
    n: I,
    k: I,
    a: I,
    aRowStride: I,
    aColStride: I,
    b: I,
    bRowStride: I,
    bColStride: I,
    c: I,
    ldc: I,
    packA: I,
    packB: I,
    tile: I,
    overwrite: I,
  ) => void;
  zero: (ptr: I, bytes: I) => void;
  sumRows: (out: I, x: I, rows: I, width: I, acc: I, divisor: number) => void;
  setGeometry: (
    inH: I,
    inW: I,
    ch: I,
    outH: I,
    outW: I,
    fh: I,
    fw: I,
    sh: I,
    sw: I,
    padTop: I,
    padLeft: I,
  ) => void;
  im2col: (x: I, dst: I, rowStart: I, rowEnd: I) => void;
  /**
   * Output rows [rowStart, rowEnd) of a convolution without padding (dilation 1, co a multiple of
   * 16) straight from x and the [fh·fw·ch, co] filter: the bits of im2col + gemm.
   */
  conv2dDirect: (x: I, w: I, out: I, rowStart: I, rowEnd: I, co: I) => void;
  col2im: (dx: I, src: I, rowStart: I, rowEnd: I) => void;
  maxPool: (x: I, out: I, batch: I) => void;
  maxPoolGrad: (x: I, dy: I, dx: I, batch: I) => void;
  /** maxPoolGrad for channel counts that are multiples of 4. */
  maxPoolGrad4: (x: I, dy: I, dx: I, batch: I) => void;
  /** out[r, j] = act(out[r, j] + bias[j]) in place; act relu when `relu` is 1, else none. */
  biasActivation: (out: I, bias: I, rows: I, width: I, relu: I) => void;
  /** One Adam step over n floats into outP/outM/outV (see kernels.wat); scalars rounded to f32. */
  adamUpdate: (
    p: I,
    g: I,
    m: I,
    v: I,
    outP: I,
    outM: I,
    outV: I,
    n: I,
    c1: number,
    c2: number,
    alpha: number,
    epsilon: number,
  ) => void;
  addVV: Binary;
  subVV: Binary;
  mulVV: Binary;
  divVV: Binary;
  addVS: BinaryScalar;
  subVS: BinaryScalar;
  mulVS: BinaryScalar;
  divVS: BinaryScalar;
  addSV: ScalarBinary;
  subSV: ScalarBinary;
  mulSV: ScalarBinary;
  divSV: ScalarBinary;
  addVR: BinaryRows;
  subVR: BinaryRows;
  mulVR: BinaryRows;
  divVR: BinaryRows;
  greaterVV: Binary;
  greaterEqualVV: Binary;
  lessVV: Binary;
  lessEqualVV: Binary;
  equalVV: Binary;
  greaterVS: BinaryScalar;
  greaterEqualVS: BinaryScalar;
  lessVS: BinaryScalar;
  lessEqualVS: BinaryScalar;
  equalVS: BinaryScalar;
  /** bool bytes (0/1) to float32. */
  boolToFloat: Unary;
  relu: Unary;
  neg: Unary;
  sqrt: Unary;
  square: Unary;
  /** exp, sigmoid and tanh within 2 ulp of the correctly rounded float32 results. */
  exp: Unary;
  sigmoid: Unary;
  tanh: Unary;
  /** out = dy where x > 0, else dy * 0. */
  reluGradVV: Binary;
  /** out = dy * (y * (1 - y)). */
  sigmoidGradVV: Binary;
  /** out = dy * (1 - y * y). */
  tanhGradVV: Binary;
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A compiled module, whether its memory import is shared, and whether it fuses multiply-adds. */
export interface CompiledKernels {
  module: WebAssembly.Module;
  shared: boolean;
  relaxed: boolean;
}

const compiled = new Map<string, CompiledKernels | null>();

/** Whether this runtime can create a shared WebAssembly.Memory. */
function sharedMemoryWorks(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The kernels module for this runtime, or null where WebAssembly or its 128-bit SIMD is missing
 * (the module itself is the feature probe: `WebAssembly.validate` rejects it without SIMD).
 * `preferShared: false` picks the private-memory variant even where shared memory works. The
 * relaxed-SIMD variant (fused multiply-adds in the GEMM) is taken where the runtime validates it
 * (Node 20 with --experimental-wasm-relaxed-simd, recent browsers) unless `preferRelaxed` is false.
 */
export function compileKernels(preferShared = true, preferRelaxed = true): CompiledKernels | null {
  const shared = preferShared && typeof WebAssembly === 'object' && sharedMemoryWorks();
  const key = `${shared}/${preferRelaxed}`;
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  let result: CompiledKernels | null = null;
  try {
    if (typeof WebAssembly === 'object') {
      const candidates: [string, boolean][] = [
        [shared ? KERNELS_WASM_SHARED_BASE64 : KERNELS_WASM_PRIVATE_BASE64, false],
      ];
      if (preferRelaxed)
        candidates.unshift([
          shared ? KERNELS_WASM_RELAXED_SHARED_BASE64 : KERNELS_WASM_RELAXED_PRIVATE_BASE64,
          true,
        ]);
      for (const [base64, relaxed] of candidates) {
        const bytes = decodeBase64(base64);
        if (WebAssembly.validate(bytes)) {
          result = { module: new WebAssembly.Module(bytes), shared, relaxed };
          break;
        }
      }
    }
  } catch {
    result = null; // e.g. a content security policy that forbids compiling WebAssembly
  }
  compiled.set(key, result);
  return result;
}

/** A fresh memory for `kernels` and an instance of the module over it. */
export function instantiateKernels(kernels: CompiledKernels): {
  memory: WebAssembly.Memory;
  exports: KernelExports;
} {
  const memory = new WebAssembly.Memory({
    initial: 32,
    maximum: MAX_PAGES,
    shared: kernels.shared,
  });
  const instance = new WebAssembly.Instance(kernels.module, { env: { memory } });
  return { memory, exports: instance.exports as unknown as KernelExports };
}
