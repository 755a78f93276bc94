// Compiles src/wasm/kernels.wat (plus the elementwise functions generated below) to
// src/wasm/kernels-wasm.ts: the module's bytes as base64 strings, so the package ships WebAssembly
// without a wasm toolchain at install or test time. Two variants of one source: the memory import
// shared (worker threads over SharedArrayBuffer) or private (where SharedArrayBuffer is missing).
//   node scripts/build-wasm.mjs          writes the file when its contents changed
//   node scripts/build-wasm.mjs --check  exits 1 when the committed file is not a fresh compilation
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'wasm');
const watPath = join(wasmDir, 'kernels.wat');
const outPath = join(wasmDir, 'kernels-wasm.ts');
const MARKER = ';; GENERATED ELEMENTWISE FUNCTIONS';
const SHARED_MEMORY = '(memory 1 16384 shared)';

/*
 * The elementwise functions: one SIMD loop and a scalar tail each, over f32 at byte addresses.
 *   <op>VV(out, a, b, n)           out[i] = a[i] op b[i]
 *   <op>VS(out, a, s, n)           out[i] = a[i] op s
 *   <op>SV(out, s, b, n)           out[i] = s op b[i]
 *   <op>VR(out, a, b, rows, width) out[r, j] = a[r, j] op b[j]   (b broadcast along rows)
 *   <unary>(out, x, n)             out[i] = f(x[i])
 */
const binaryOps = { add: 'add', sub: 'sub', mul: 'mul', div: 'div' };
const unaryOps = {
  relu: {
    vector: (x) => `(f32x4.max ${x} (v128.const f32x4 0 0 0 0))`,
    scalar: (x) => `(f32.max ${x} (f32.const 0))`,
  },
  neg: { vector: (x) => `(f32x4.neg ${x})`, scalar: (x) => `(f32.neg ${x})` },
  sqrt: { vector: (x) => `(f32x4.sqrt ${x})`, scalar: (x) => `(f32.sqrt ${x})` },
  square: { vector: (x) => `(f32x4.mul ${x} ${x})`, scalar: (x) => `(f32.mul ${x} ${x})` },
  // The transcendental ones, on four lanes; the tail runs them on one lane of a splat, so every
  // element gets the same bits whatever its position.
  exp: lanewise((x) => expBlock(x)),
  sigmoid: lanewise((x) => sigmoidBlock(x)),
  tanh: lanewise((x) => tanhBlock(x)),
};

/** A unary op computed by the four-lane block expression `block` (see expBlock). */
function lanewise(block) {
  return {
    locals: transcendentalLocals(),
    vector: (x) => block(x),
    scalar: (x) => `(f32x4.extract_lane 0 ${block(`(f32x4.splat ${x})`)})`,
  };
}

/** A v128 of four copies of `value`. */
const f4 = (value) => `(v128.const f32x4 ${value} ${value} ${value} ${value})`;

/** Horner's rule on four lanes: ((c0 z + c1) z + c2) ... for the coefficients, highest first. */
function horner(z, coefficients) {
  return coefficients
    .slice(1)
    .reduce((acc, c) => `(f32x4.add (f32x4.mul ${acc} ${z}) ${f4(c)})`, f4(coefficients[0]));
}

/**
 * 1.5 · 2^23: adding it to a float32 of magnitude below 2^22 rounds that to an integer (to nearest,
 * ties to even) held in the low bits of the sum, so subtracting its bit pattern gives the integer
 * and subtracting the value gives it as a float (cheaper than f32x4.nearest and a conversion).
 */
const ROUNDER = 12582912;
const ROUNDER_BITS = 0x4b400000;
const i4 = (value) => `(v128.const i32x4 ${value} ${value} ${value} ${value})`;

/*
 * exp, sigmoid and tanh on four float32 lanes, within a few ulp of the correctly rounded results
 * (the tests measure it), with IEEE behaviour at the edges: NaN in gives NaN out, overflow gives
 * Infinity, underflow goes through the subnormals to 0, -0 stays -0 where it should. Each is a
 * block expression over the locals of transcendentalLocals(), inlined into its loop (a call per vector
 * cost a third of the time).
 *
 * exp(x) = 2^n e^r with n = round(x log2 e) and r = x - n ln 2 (ln 2 in two parts, Cody and Waite,
 * so r is accurate), e^r by the degree-7 polynomial of Cephes' expf on |r| <= ln2/2. x is clamped
 * to [-104, 89] first (beyond both, the result has under- or overflowed anyway; pmin and pmax with
 * x first return a NaN x unchanged), and 2^n is applied as 2^(n>>1) 2^(n-(n>>1)), two normal
 * powers of two, so results in the subnormal range are rounded once.
 */
function transcendentalLocals() {
  const names = ['$ex', '$en', '$er', '$ek', '$ek1', '$sx', '$se', '$tx', '$ta', '$tz', '$tl'];
  return names.map((name) => `(local ${name} v128)`).join(' ');
}

function expBlock(x) {
  const polynomial = horner('(local.get $er)', [
    '1.9875691500e-4',
    '1.3981999507e-3',
    '8.3334519073e-3',
    '4.1665795894e-2',
    '1.6666665459e-1',
    '5.0000001201e-1',
  ]);
  const powerOfTwo = (k) => `(i32x4.shl (i32x4.add ${k} ${i4(127)}) (i32.const 23))`;
  return `(block (result v128)
      (local.set $ex (f32x4.pmin (f32x4.pmax ${x} ${f4(-104)}) ${f4(89)}))
      (local.set $en (f32x4.add (f32x4.mul (local.get $ex) ${f4('1.44269504088896341')}) ${f4(ROUNDER)}))
      (local.set $ek (i32x4.sub (local.get $en) ${i4(ROUNDER_BITS)}))
      (local.set $en (f32x4.sub (local.get $en) ${f4(ROUNDER)}))
      (local.set $er (f32x4.sub
        (f32x4.sub (local.get $ex) (f32x4.mul (local.get $en) ${f4('0.693359375')}))
        (f32x4.mul (local.get $en) ${f4('-2.12194440e-4')})))
      (local.set $ek1 (i32x4.shr_s (local.get $ek) (i32.const 1)))
      (f32x4.mul
        (f32x4.mul
          (f32x4.add
            (f32x4.add (f32x4.mul ${polynomial} (f32x4.mul (local.get $er) (local.get $er))) (local.get $er))
            ${f4(1)})
          ${powerOfTwo('(local.get $ek1)')})
        ${powerOfTwo('(i32x4.sub (local.get $ek) (local.get $ek1))')}))`;
}

/** 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) below, so the exponential never overflows. */
function sigmoidBlock(x) {
  return `(block (result v128)
      (local.set $sx ${x})
      (local.set $se ${expBlock('(f32x4.neg (f32x4.abs (local.get $sx)))')})
      (f32x4.div
        (v128.bitselect ${f4(1)} (local.get $se) (f32x4.ge (local.get $sx) ${f4(0)}))
        (f32x4.add ${f4(1)} (local.get $se))))`;
}

/**
 * On |x|: below 0.625 the polynomial of Cephes' tanhf, |x| + |x| z P(z) with z = x² (relative
 * accuracy near 0), else 1 - 2 / (e^2|x| + 1); then x's sign bit (tanh is odd; the sum alone
 * would turn -0 into +0, and NaN stays NaN).
 */
function tanhBlock(x) {
  const polynomial = horner('(local.get $tz)', [
    '-5.70498872745e-3',
    '2.06390887954e-2',
    '-5.37397155531e-2',
    '1.33314422036e-1',
    '-3.33332819422e-1',
  ]);
  return `(block (result v128)
      (local.set $tx ${x})
      (local.set $ta (f32x4.abs (local.get $tx)))
      (local.set $tz (f32x4.mul (local.get $tx) (local.get $tx)))
      (local.set $tl (f32x4.sub ${f4(1)}
        (f32x4.div ${f4(2)} (f32x4.add ${expBlock('(f32x4.add (local.get $ta) (local.get $ta))')} ${f4(1)}))))
      (v128.bitselect
        (local.get $tx)
        (v128.bitselect
          (f32x4.add (local.get $ta) (f32x4.mul (f32x4.mul (local.get $ta) (local.get $tz)) ${polynomial}))
          (local.get $tl)
          (f32x4.lt (local.get $ta) ${f4('0.625')}))
        ${i4('0x80000000')}))`;
}

/*
 * The elementwise gradients of relu, sigmoid and tanh: <name>VV(out, dy, other, n), one pass each,
 * rounding as the compositions do (reluGrad: dy where x > 0, else dy * 0).
 */
const gradientOps = {
  reluGrad: {
    vector: (dy, x) => `(v128.bitselect ${dy} (f32x4.mul ${dy} ${f4(0)}) (f32x4.gt ${x} ${f4(0)}))`,
    scalar: (dy, x) => `(select ${dy} (f32.mul ${dy} (f32.const 0)) (f32.gt ${x} (f32.const 0)))`,
  },
  sigmoidGrad: {
    vector: (dy, y) => `(f32x4.mul ${dy} (f32x4.mul ${y} (f32x4.sub ${f4(1)} ${y})))`,
    scalar: (dy, y) => `(f32.mul ${dy} (f32.mul ${y} (f32.sub (f32.const 1) ${y})))`,
  },
  tanhGrad: {
    vector: (dy, y) => `(f32x4.mul ${dy} (f32x4.sub ${f4(1)} (f32x4.mul ${y} ${y})))`,
    scalar: (dy, y) => `(f32.mul ${dy} (f32.sub (f32.const 1) (f32.mul ${y} ${y})))`,
  },
};

/** A loop over out[0..n) with `operands` pointers advancing alongside; `vector`/`scalar` are the bodies. */
function elementLoop(operands, vector, scalar) {
  const advance = (bytes) =>
    ['out', ...operands]
      .map((p) => `(local.set $${p} (i32.add (local.get $${p}) (i32.const ${bytes})))`)
      .join(' ');
  return `
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vdone (loop $v
      (br_if $vdone (i32.ge_u (local.get $out) (local.get $vend)))
      (v128.store (local.get $out) ${vector})
      ${advance(16)}
      (br $v)))
    (block $done (loop $s
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (f32.store (local.get $out) ${scalar})
      ${advance(4)}
      (br $s)))`;
}

/** Comparisons to bool (one byte, 0/1); NaN compares false, as in JavaScript. */
const comparisons = { greater: 'gt', greaterEqual: 'ge', less: 'lt', lessEqual: 'le', equal: 'eq' };

/**
 * <cmp>VV(out, a, b, n) and <cmp>VS(out, a, s, n) with a byte output: 16 lanes per step (four
 * f32x4 masks narrowed to bytes, then & 1), then a scalar tail.
 */
function comparisonFunctions() {
  const parts = [];
  for (const [name, op] of Object.entries(comparisons)) {
    for (const form of ['VV', 'VS']) {
      const right = (offset) =>
        form === 'VV' ? `(v128.load offset=${offset} (local.get $b))` : '(local.get $vs)';
      const mask = (offset) =>
        `(f32x4.${op} (v128.load offset=${offset} (local.get $a)) ${right(offset)})`;
      const scalarRight = form === 'VV' ? '(f32.load (local.get $b))' : '(local.get $s)';
      const advanceB = (bytes) =>
        form === 'VV' ? `(local.set $b (i32.add (local.get $b) (i32.const ${bytes})))` : '';
      parts.push(`
  (func (export "${name}${form}") (param $out i32) (param $a i32) (param ${form === 'VV' ? '$b i32' : '$s f32'}) (param $n i32)
    (local $end i32) (local $vend i32) (local $vs v128)
    ${form === 'VS' ? '(local.set $vs (f32x4.splat (local.get $s)))' : ''}
    (local.set $end (i32.add (local.get $out) (local.get $n)))
    (local.set $vend (i32.add (local.get $out) (i32.and (local.get $n) (i32.const -16))))
    (block $vdone (loop $v
      (br_if $vdone (i32.ge_u (local.get $out) (local.get $vend)))
      (v128.store (local.get $out)
        (v128.and
          (i8x16.narrow_i16x8_s
            (i16x8.narrow_i32x4_s ${mask(0)} ${mask(16)})
            (i16x8.narrow_i32x4_s ${mask(32)} ${mask(48)}))
          (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1)))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 64)))
      ${advanceB(64)}
      (br $v)))
    (block $done (loop $s
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (i32.store8 (local.get $out) (f32.${op} (f32.load (local.get $a)) ${scalarRight}))
      (local.set $out (i32.add (local.get $out) (i32.const 1)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      ${advanceB(4)}
      (br $s))))`);
    }
  }
  // bool (bytes 0/1) to float32, 4 per step.
  parts.push(`
  (func (export "boolToFloat") (param $out i32) (param $x i32) (param $n i32)
    (local $end i32) (local $vend i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vdone (loop $v
      (br_if $vdone (i32.ge_u (local.get $out) (local.get $vend)))
      (v128.store (local.get $out)
        (f32x4.convert_i32x4_u
          (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $x))))))
      (local.set $out (i32.add (local.get $out) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 4)))
      (br $v)))
    (block $done (loop $s
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (f32.store (local.get $out) (f32.convert_i32_u (i32.load8_u (local.get $x))))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (br $s))))`);
  return parts.join('\n');
}

function elementwiseFunctions() {
  const parts = [comparisonFunctions()];
  const locals = '(local $end i32) (local $vend i32)';
  for (const [name, op] of Object.entries(binaryOps)) {
    const v = (x, y) => `(f32x4.${op} ${x} ${y})`;
    const s = (x, y) => `(f32.${op} ${x} ${y})`;
    const va = '(v128.load (local.get $a))';
    const vb = '(v128.load (local.get $b))';
    const sa = '(f32.load (local.get $a))';
    const sb = '(f32.load (local.get $b))';
    parts.push(`
  (func $${name}VV (export "${name}VV") (param $out i32) (param $a i32) (param $b i32) (param $n i32) ${locals}
    ${elementLoop(['a', 'b'], v(va, vb), s(sa, sb))})
  (func (export "${name}VS") (param $out i32) (param $a i32) (param $s f32) (param $n i32) ${locals} (local $vs v128)
    (local.set $vs (f32x4.splat (local.get $s)))
    ${elementLoop(['a'], v(va, '(local.get $vs)'), s(sa, '(local.get $s)'))})
  (func (export "${name}SV") (param $out i32) (param $s f32) (param $b i32) (param $n i32) ${locals} (local $vs v128)
    (local.set $vs (f32x4.splat (local.get $s)))
    ${elementLoop(['b'], v('(local.get $vs)', vb), s('(local.get $s)', sb))})
  (func (export "${name}VR") (param $out i32) (param $a i32) (param $b i32) (param $rows i32) (param $width i32)
    (local $rowBytes i32) (local $r i32)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done (loop $rowLoop
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (call $${name}VV (local.get $out) (local.get $a) (local.get $b) (local.get $width))
      (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
      (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rowLoop))))`);
  }
  for (const [name, op] of Object.entries(gradientOps)) {
    const [va, vb] = ['(v128.load (local.get $a))', '(v128.load (local.get $b))'];
    const [sa, sb] = ['(f32.load (local.get $a))', '(f32.load (local.get $b))'];
    parts.push(`
  (func (export "${name}VV") (param $out i32) (param $a i32) (param $b i32) (param $n i32) ${locals}
    ${elementLoop(['a', 'b'], op.vector(va, vb), op.scalar(sa, sb))})`);
  }
  for (const [name, op] of Object.entries(unaryOps)) {
    parts.push(`
  (func (export "${name}") (param $out i32) (param $x i32) (param $n i32) ${locals} ${op.locals ?? ''}
    ${elementLoop(['x'], op.vector('(v128.load (local.get $x))'), op.scalar('(f32.load (local.get $x))'))})`);
  }
  return parts.join('\n');
}

/**
 * The relaxed-SIMD variant: the GEMM micro-kernel's multiply-adds fused (f32x4.relaxed_madd, one
 * FMA instruction where the CPU has it). Node 20 validates it only with
 * --experimental-wasm-relaxed-simd; the runtime picks it where WebAssembly.validate accepts it.
 */
const MULTIPLY_ADD =
  /\(f32x4\.add \(local\.get (\$c\d\d)\) \(f32x4\.mul \(local\.get \$a\) \(local\.get (\$b\d)\)\)\)/g;
function relaxed(text) {
  const fused = text.replace(
    MULTIPLY_ADD,
    '(f32x4.relaxed_madd (local.get $a) (local.get $2) (local.get $1))',
  );
  if (fused === text)
    throw new Error('kernels.wat: no multiply-add for the relaxed variant to fuse');
  return fused;
}

async function compile(wabt, text, name, { validate = true } = {}) {
  const module = wabt.parseWat(name, text, {
    simd: true,
    bulk_memory: true,
    threads: true,
    relaxed_simd: true,
  });
  try {
    // wabt.js's validate() ignores the threads feature and rejects any shared memory, so the
    // binary is validated by the JavaScript engine instead (which also checks the SIMD).
    const bytes = Buffer.from(module.toBinary({ canonicalize_lebs: true }).buffer);
    if (validate && !WebAssembly.validate(bytes)) {
      new WebAssembly.Module(bytes); // throws the engine's reason
      throw new Error(`${name} does not validate`);
    }
    return bytes;
  } finally {
    module.destroy();
  }
}

/** The TypeScript source that embeds both compiled variants. */
export async function renderKernelsModule() {
  const wabt = await initWabt();
  const source = await readFile(watPath, 'utf8');
  if (!source.includes(MARKER) || !source.includes(SHARED_MEMORY))
    throw new Error(`kernels.wat must contain '${MARKER}' and '${SHARED_MEMORY}'`);
  const text = source.replace(MARKER, elementwiseFunctions());
  const privateText = text.replace(SHARED_MEMORY, '(memory 1 16384)');
  const shared = await compile(wabt, text, 'kernels.wat');
  const private_ = await compile(wabt, privateText, 'kernels.wat');
  // Node 20 rejects relaxed SIMD without a flag, so these are checked where they are loaded.
  const relaxedShared = await compile(wabt, relaxed(text), 'kernels.wat', { validate: false });
  const relaxedPrivate = await compile(wabt, relaxed(privateText), 'kernels.wat', {
    validate: false,
  });
  return [
    '// Generated by scripts/build-wasm.mjs from kernels.wat: do not edit. `pnpm build` regenerates it.',
    `/** The SIMD kernels module (${shared.length} bytes) importing a shared memory, base64-encoded. */`,
    `export const KERNELS_WASM_SHARED_BASE64 =\n  '${shared.toString('base64')}';`,
    `/** The same module importing a private (unshared) memory, base64-encoded. */`,
    `export const KERNELS_WASM_PRIVATE_BASE64 =\n  '${private_.toString('base64')}';`,
    `/** The shared-memory module with fused multiply-adds (relaxed SIMD), base64-encoded. */`,
    `export const KERNELS_WASM_RELAXED_SHARED_BASE64 =\n  '${relaxedShared.toString('base64')}';`,
    `/** The private-memory module with fused multiply-adds (relaxed SIMD), base64-encoded. */`,
    `export const KERNELS_WASM_RELAXED_PRIVATE_BASE64 =\n  '${relaxedPrivate.toString('base64')}';`,
    '',
  ].join('\n');
}

const rendered = await renderKernelsModule();
const current = await readFile(outPath, 'utf8').catch(() => '');
if (process.argv.includes('--check')) {
  if (current !== rendered) {
    console.error(`${outPath} is stale: run node scripts/build-wasm.mjs`);
    process.exit(1);
  }
} else if (current !== rendered) {
  await writeFile(outPath, rendered);
  console.log(`wrote ${outPath}`);
}
