#!/usr/bin/env node
// The GPU benchmark: one command, one table. Glia on gpu.js's webgpu and webgl2 modes and TF.js on
// its webgpu and webgl backends in headless Chromium (served from http://localhost, WebGPU enabled),
// then Glia's CPU backend and gpu.js's headless-gl mode (where it is built) in Node.
//
//   node bench/src/gpu/run.mjs [--workloads=cnn-train,matmul-1024] [--budget=60000] [--no-node] [--no-browser]
//
// Without a GPU, Chromium runs WebGPU and WebGL2 on SwiftShader (a CPU rasterizer): the printed
// adapter says which, and such numbers measure kernel efficiency on one software adapter, not a GPU.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumForSuite } from '@glia/backend-conformance-browser';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const flag = (name) => process.argv.includes(`--${name}`);

const ALL = ['cnn-train', 'cnn-infer', 'matmul-1024', 'matmul-4096', 'lstm-train'];
const workloads = arg('workloads', ALL.join(',')).split(',');
for (const w of workloads) {
  if (!ALL.includes(w))
    throw new Error(`--workloads: unknown '${w}': expected some of ${ALL.join(', ')}`);
}
const budgetMs = Number(arg('budget', '60000'));
const BROWSER_RUNS = [
  { framework: 'glia', backend: 'gpujs-webgpu' },
  { framework: 'tfjs', backend: 'webgpu' },
  { framework: 'glia', backend: 'gpujs-webgl2' },
  { framework: 'tfjs', backend: 'webgl' },
];

const server = await createServer({
  root: here,
  configFile: false,
  logLevel: 'error',
  server: { host: 'localhost', port: 0 },
});
await server.listen();
const rows = [];
let adapter = 'not run';
try {
  if (!flag('no-browser')) {
    const executablePath = chromiumForSuite('GPU benchmark');
    if (executablePath !== undefined) {
      const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
      try {
        const page = await browser.newPage();
        page.setDefaultTimeout(0);
        // Vite may reload the page once while it bundles the page's dependencies: wait for a
        // load that stays, and run each backend in a fresh load
        const load = async () => {
          await page.goto(server.resolvedUrls.local[0], { waitUntil: 'networkidle' });
          await page.waitForFunction(() => 'runGpuBench' in globalThis);
        };
        const evaluate = async (fn, args) => {
          for (let attempt = 0; ; attempt++) {
            try {
              await load();
              return await page.evaluate(fn, args);
            } catch (e) {
              if (attempt >= 2 || !String(e).includes('context was destroyed')) throw e;
            }
          }
        };
        adapter = await evaluate(() => globalThis.adapterInfo());
        for (const run of BROWSER_RUNS) {
          const [row] = await evaluate(
            ([r, w, b]) => globalThis.runGpuBench([r], w, b),
            [run, workloads, budgetMs],
          );
          rows.push({ ...row, where: 'chromium' });
          console.error(`done: ${row.label}${row.error ? ` (${row.error})` : ''}`);
        }
      } finally {
        await browser.close();
      }
    }
  }
  if (!flag('no-node')) {
    const { registerGpujsMode, runGlia } = await server.ssrLoadModule('/workloads.ts');
    // headless-gl needs its native build and a display (xvfb-run -a): without them, an error row
    registerGpujsMode('gpujs-headlessgl', 'headlessgl');
    for (const name of ['cpu', 'gpujs-headlessgl']) {
      try {
        rows.push({ ...(await runGlia(name, workloads, budgetMs)), where: 'node' });
      } catch (e) {
        rows.push({ label: name, where: 'node', cells: [], error: String(e) });
      }
      console.error(`done: node ${name}`);
    }
  }
} finally {
  await server.close();
}

const fmt = (cell) =>
  cell === undefined
    ? '-'
    : cell.rate === null
      ? `>${(budgetMs / 1000).toFixed(0)} s/step`
      : cell.rate >= 100
        ? cell.rate.toFixed(0)
        : cell.rate.toPrecision(3);
const units = {
  'cnn-train': 'samples/s',
  'cnn-infer': 'samples/s',
  'matmul-1024': 'GFLOP/s',
  'matmul-4096': 'GFLOP/s',
  'lstm-train': 'samples/s',
};
console.log(`WebGPU adapter in Chromium: ${adapter}`);
console.log(`| backend | where | ${workloads.map((w) => `${w} (${units[w]})`).join(' | ')} |`);
console.log(`|---|---|${workloads.map(() => '---|').join('')}`);
for (const row of rows) {
  const cells = workloads.map((w) => fmt(row.cells.find((c) => c.workload === w)));
  console.log(
    `| ${row.label} | ${row.where} | ${row.error ? `error: ${row.error.slice(0, 80)}` : cells.join(' | ')} |`,
  );
}
const rate = (label, w) =>
  rows.find((r) => r.label.includes(label))?.cells.find((c) => c.workload === w)?.rate;
for (const [ours, theirs] of [
  ['gpujs (webgpu)', 'webgpu'],
  ['gpujs (webgl2)', 'webgl'],
]) {
  const a = rate(ours, 'cnn-train');
  const b = rows
    .find((r) => r.label.startsWith('tfjs') && r.label.endsWith(` ${theirs}`))
    ?.cells.find((c) => c.workload === 'cnn-train')?.rate;
  if (a && b)
    console.log(`seed CNN training, batch 64: ${ours} / tfjs ${theirs} = ${(a / b).toFixed(2)}x`);
}
const cpu = rate('cpu', 'cnn-train');
const webgpu = rate('gpujs (webgpu)', 'cnn-train');
if (cpu && webgpu)
  console.log(
    `seed CNN training, batch 64: gpujs (webgpu) / cpu backend = ${(webgpu / cpu).toFixed(2)}x`,
  );
