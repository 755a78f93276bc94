#!/usr/bin/env node
// matMul and conv2d on the gpu.js backend, in each gpu.js mode this process can run, against the
// CPU backend. Times include reading the result back (dataSync), so GPU work is really finished.
// Run after `pnpm build`; under `xvfb-run -a` (with headless-gl built) it adds the headlessgl mode.
//   node scripts/bench.mjs [--reps N]
import '@glia/backend-cpu';
import { conv2d, matMul, randomUniform, registerBackend, setBackend, tidy } from '@glia/core';
import { GPU } from 'gpu.js';
import { GpujsBackend } from '../dist/index.js';

const repsArg = process.argv.indexOf('--reps');
const REPS = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 5;

const cases = [
  { name: 'matMul 256x256 @ 256x256', a: [256, 256], b: [256, 256], op: matMul },
  { name: 'matMul 512x512 @ 512x512', a: [512, 512], b: [512, 512], op: matMul },
  {
    name: 'conv2d x[32,28,28,1] f[3,3,1,32] (seed CNN conv 1)',
    a: [32, 28, 28, 1],
    b: [3, 3, 1, 32],
    op: (x, f) => conv2d(x, f, { strides: 1, padding: 'valid' }),
  },
  {
    name: 'conv2d x[32,13,13,32] f[3,3,32,64] (seed CNN conv 2)',
    a: [32, 13, 13, 32],
    b: [3, 3, 32, 64],
    op: (x, f) => conv2d(x, f, { strides: 1, padding: 'valid' }),
  },
];

const backends = [{ name: 'cpu', label: 'cpu (wasm simd gemm)' }];
const modes = ['webasm'];
if (GPU.isHeadlessGLSupported) modes.unshift('headlessgl');
for (const mode of modes) {
  const name = `gpujs-${mode}`;
  registerBackend(name, () => new GpujsBackend({ mode }));
  backends.push({ name, label: `gpujs (${mode})` });
}

function time(fn) {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

const rows = [];
for (const c of cases) {
  const row = { case: c.name };
  for (const b of backends) {
    await setBackend(b.name);
    const a = randomUniform(c.a, -1, 1);
    const f = randomUniform(c.b, -1, 1);
    const once = () => {
      const y = tidy(() => c.op(a, f));
      y.dataSync();
      y.dispose();
    };
    const first = time(once); // compiles on gpujs
    const times = [];
    for (let r = 0; r < REPS; r++) times.push(time(once));
    times.sort((x, y) => x - y);
    row[b.label] =
      `${times[Math.floor(times.length / 2)].toFixed(1)} ms (first ${first.toFixed(0)} ms)`;
    a.dispose();
    f.dispose();
  }
  rows.push(row);
}
console.log(`median of ${REPS} runs after a warm-up, result read back; node ${process.version}`);
console.table(rows);
