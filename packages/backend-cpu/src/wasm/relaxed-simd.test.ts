// The relaxed-SIMD module (fused multiply-adds) cannot load in this test process: Node 20 accepts it
// only with --experimental-wasm-relaxed-simd. So a child Node with that flag loads the committed
// bytes and multiplies matrices with its GEMM, checked against a float64 reference; and this
// process checks that without the flag the backend keeps the default module.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend';

const source = readFileSync(fileURLToPath(new URL('./kernels-wasm.ts', import.meta.url)), 'utf8');

/** Runs with the flag: gemm of an odd-sized product, printing the largest error as JSON. */
const CHILD = `
const base64 = process.argv[1];
const bytes = Buffer.from(base64, 'base64');
if (!WebAssembly.validate(bytes)) { console.log(JSON.stringify({ valid: false })); process.exit(0); }
const memory = new WebAssembly.Memory({ initial: 64, maximum: 16384, shared: true });
const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
const [m, k, n] = [37, 301, 45];
const f = new Float32Array(memory.buffer);
const A = 1 << 16, B = A + 4 * m * k, C = B + 4 * k * n, PA = C + 4 * m * n, PB = PA + 4 * 128 * 256, T = PB + 4 * 256 * 1024;
let s = 1; const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1);
for (let i = 0; i < m * k; i++) f[A / 4 + i] = rnd();
for (let i = 0; i < k * n; i++) f[B / 4 + i] = rnd();
e.gemm(m, n, k, A, k, 1, B, n, 1, C, n, PA, PB, T, 1);
let err = 0;
for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
  let r = 0; for (let p = 0; p < k; p++) r += f[A / 4 + i * k + p] * f[B / 4 + p * n + j];
  err = Math.max(err, Math.abs(r - f[C / 4 + i * n + j]));
}
console.log(JSON.stringify({ valid: true, err }));
`;

it('the relaxed-SIMD GEMM multiplies correctly where the runtime accepts it', () => {
  const base64 = /KERNELS_WASM_RELAXED_SHARED_BASE64 =\s*'([^']+)'/.exec(source)?.[1];
  expect(base64).toBeDefined();
  const out = execFileSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', '-e', CHILD, base64!],
    { encoding: 'utf8' },
  );
  const result = JSON.parse(out) as { valid: boolean; err?: number };
  expect(result.valid).toBe(true);
  expect(result.err).toBeLessThan(1e-6 * 301);
});

it('keeps the default module where relaxed SIMD is not available, and says which it runs', () => {
  const backend = new CpuBackend({ threads: 1 });
  const relaxed = WebAssembly.validate(
    Buffer.from(/KERNELS_WASM_RELAXED_SHARED_BASE64 =\s*'([^']+)'/.exec(source)![1]!, 'base64'),
  );
  expect(backend.describe()).toBe(
    relaxed ? 'cpu (wasm simd + relaxed fma, 1 thread)' : 'cpu (wasm simd, 1 thread)',
  );
  expect(new CpuBackend({ threads: 1, relaxedSimd: false }).describe()).toBe(
    'cpu (wasm simd, 1 thread)',
  );
});

/**
 * Runs with the flag: the seed CNN's first convolution on 3 images, once as conv2dDirect and once
 * as im2col + gemm, printing whether every output has the same bits.
 */
const DIRECT_CHILD = `
const bytes = Buffer.from(process.argv[1], 'base64');
if (!WebAssembly.validate(bytes)) { console.log(JSON.stringify({ valid: false })); process.exit(0); }
const memory = new WebAssembly.Memory({ initial: 256, maximum: 16384, shared: true });
const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
const [n, h, w, co, columns] = [3, 28, 28, 32, 9];
const rows = n * 26 * 26;
const f = new Float32Array(memory.buffer);
const X = 1 << 16, W = X + 4 * n * h * w, P = W + 4 * columns * co, D = P + 4 * rows * columns;
const G = D + 4 * rows * co, PA = G + 4 * rows * co, PB = PA + 4 * 128 * 256, T = PB + 4 * 256 * 1024;
let s = 5; const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1);
for (let i = 0; i < n * h * w; i++) f[X / 4 + i] = rnd();
for (let i = 0; i < columns * co; i++) f[W / 4 + i] = rnd();
e.setGeometry(h, w, 1, 26, 26, 3, 3, 1, 1, 0, 0);
e.conv2dDirect(X, W, D, 0, rows, co);
e.im2col(X, P, 0, rows);
e.gemm(rows, co, columns, P, columns, 1, W, co, 1, G, co, PA, PB, T, 1);
let differ = 0;
for (let i = 0; i < rows * co; i++) if (!Object.is(f[D / 4 + i], f[G / 4 + i])) differ++;
console.log(JSON.stringify({ valid: true, differ }));
`;

it("the relaxed module's direct convolution has the bits of its im2col + gemm", () => {
  const base64 = /KERNELS_WASM_RELAXED_SHARED_BASE64 =\s*'([^']+)'/.exec(source)?.[1];
  const out = execFileSync(
    process.execPath,
    ['--experimental-wasm-relaxed-simd', '-e', DIRECT_CHILD, base64!],
    { encoding: 'utf8' },
  );
  expect(JSON.parse(out)).toEqual({ valid: true, differ: 0 });
});
