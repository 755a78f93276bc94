/*
 * The WebAssembly SIMD ceiling of this machine: a loop over CEILING_CHAINS independent f32x4
 * values held in registers, with no memory traffic at all, run on every bench thread at once. Half
 * the chains multiply (a = a·x), half add (a = a + y), twice per loop step: 96 FLOPs a step, as
 * many multiplies as adds, none waiting on another chain, so the loop runs at the throughput of
 * the vector units rather than their latency. No GEMM without fused multiply-adds can beat it, so
 * matMul is reported as a fraction of it. Where `WebAssembly.validate` accepts relaxed SIMD (Node
 * with --experimental-wasm-relaxed-simd, Chromium), every chain is a = relaxed_madd(a, x, y)
 * instead, once per step (also 96 FLOPs): the ceiling of a GEMM that fuses its multiply-adds.
 */
import { Worker } from 'node:worker_threads';
import initWabt from 'wabt';
import type { FrameworkRunner } from './runner';
import { benchThreads, CEILING_CHAINS, CEILING_ITERATIONS } from './workloads';

/** The module's text: `peak(iterations)` runs the loop and returns a lane of the sum, so it is live. */
export function ceilingWat(relaxed: boolean): string {
  const chains = Array.from({ length: CEILING_CHAINS }, (_, i) => i);
  const once = (i: number) =>
    i % 2 === 0
      ? `(local.set $a${i} (f32x4.mul (local.get $a${i}) (local.get $x)))`
      : `(local.set $a${i} (f32x4.add (local.get $a${i}) (local.get $y)))`;
  const step = (i: number) =>
    relaxed
      ? `(local.set $a${i} (f32x4.relaxed_madd (local.get $a${i}) (local.get $x) (local.get $y)))`
      : `${once(i)} ${once(i)}`;
  return `(module
  (func (export "peak") (param $n i32) (result f32)
    (local $x v128) (local $y v128) ${chains.map((i) => `(local $a${i} v128)`).join(' ')}
    ;; x slightly above 1 and y small: after 5e7 steps the products stay finite and normal.
    (local.set $x (f32x4.splat (f32.const ${relaxed ? '0.5' : '1.0000001'})))
    (local.set $y (f32x4.splat (f32.const ${relaxed ? '1' : '0.0001'})))
    ${chains.map((i) => `(local.set $a${i} (f32x4.splat (f32.const ${i + 1})))`).join('\n    ')}
    (block $done (loop $loop
      (br_if $done (i32.eqz (local.get $n)))
      ${chains.map(step).join('\n      ')}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $loop)))
    ${chains
      .slice(1)
      .map((i) => `(local.set $a0 (f32x4.add (local.get $a0) (local.get $a${i})))`)
      .join('\n    ')}
    (f32x4.extract_lane 0 (local.get $a0))))`;
}

/** The compiled ceiling module: relaxed where this runtime validates it, else plain SIMD. */
export async function ceilingModule(): Promise<{ module: WebAssembly.Module; relaxed: boolean }> {
  const wabt = await initWabt();
  for (const relaxed of [true, false]) {
    const parsed = wabt.parseWat('ceiling.wat', ceilingWat(relaxed), {
      simd: true,
      relaxed_simd: relaxed,
    });
    const buffer = Uint8Array.from(parsed.toBinary({}).buffer);
    parsed.destroy();
    if (WebAssembly.validate(buffer)) return { module: new WebAssembly.Module(buffer), relaxed };
  }
  throw new Error(
    'simd-ceiling: this runtime validates neither the relaxed nor the plain SIMD loop',
  );
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { peak } = new WebAssembly.Instance(workerData.module).exports;
parentPort.on('message', (n) => parentPort.postMessage(peak(n)));
`;

/** Runs the loop on `threads` workers at once; each call resolves when every worker is done. */
async function startWorkers(module: WebAssembly.Module, threads: number) {
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { module } }),
  );
  const runAll = (n: number) =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((resolve, reject) => {
            w.once('message', resolve);
            w.once('error', reject);
            w.postMessage(n);
          }),
      ),
    );
  await runAll(1000); // every worker instantiated and its code compiled before the timing
  return runAll;
}

export function ceilingRunner(): FrameworkRunner {
  let relaxed = false;
  return {
    setUp: async () => {
      relaxed = (await ceilingModule()).relaxed;
      return `${CEILING_CHAINS} f32x4 chains, ${relaxed ? 'relaxed_madd (fused)' : 'f32x4.mul + f32x4.add'}, ${benchThreads()} threads`;
    },
    workloads: {
      'simd-peak': async () => {
        const { module } = await ceilingModule();
        const runAll = await startWorkers(module, benchThreads());
        return () => runAll(CEILING_ITERATIONS);
      },
    },
  };
}
