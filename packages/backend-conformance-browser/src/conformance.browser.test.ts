// The backend contract in headless Chromium: @glia/backend-conformance's whole suite, run in a
// browser page for each backend the config provides (GLIA_BROWSER_BACKENDS). The CPU run proves the
// harness (its WebAssembly kernels, its typed arrays, no Node API); the gpu.js run is the one that
// tests WebGL2 (SwiftShader on a machine without a GPU).
import { runConformance } from '@glia/backend-conformance';
import { CpuBackend } from '@glia/backend-cpu';
import {
  createGpujsBackend,
  GpujsBackend,
  INT32_RANGE_CASES,
  WEBGPU_GAPS,
} from '@glia/backend-gpujs';
import type { Backend } from '@glia/core';
import { expect, inject, it } from 'vitest';
import type { BrowserBackendName } from './backends';

interface BrowserRun {
  factory: () => Backend | Promise<Backend>;
  skip?: string[];
}

const RUNS: Record<BrowserBackendName, BrowserRun> = {
  cpu: { factory: () => new CpuBackend() },
  // WebGL2 asked for by name: a browser without it fails here instead of testing another mode.
  // The cases the backend skips everywhere: int32 beyond 2^24 (its float32 textures).
  gpujs: { factory: () => createGpujsBackend({ mode: 'webgl2' }), skip: INT32_RANGE_CASES },
  // WebGPU asked for by name too (SwiftShader's adapter without a GPU): reads are async only.
  'gpujs-webgpu': { factory: () => GpujsBackend.create({ mode: 'webgpu' }), skip: WEBGPU_GAPS },
};

const backends = inject('browserBackends');

it('runs in a browser page with WebGL2, not in Node', () => {
  expect(typeof document).toBe('object');
  const g = globalThis as { process?: { versions?: { node?: string } } };
  expect(typeof g.process?.versions?.node).toBe('undefined');
  const gl = document.createElement('canvas').getContext('webgl2');
  expect(gl).not.toBeNull();
});

it('the page is cross-origin isolated, so the CPU backend gets shared memory and threads', async () => {
  expect(crossOriginIsolated).toBe(true);
  const cpu = new CpuBackend();
  try {
    expect(cpu.describe()).not.toContain('no SharedArrayBuffer');
    expect(await cpu.threadsReady()).toBe(cpu.threadCount);
    console.info(`chromium: ${cpu.describe()}`);
  } finally {
    cpu.dispose();
  }
});

it('gpu.js runs on WebGL2 here', () => {
  const backend = createGpujsBackend({ mode: 'webgl2' });
  try {
    expect(backend.mode).toBe('webgl2');
    expect(backend.describe()).toBe('gpujs (webgl2)');
  } finally {
    backend.dispose();
  }
});

for (const name of backends) {
  const run = RUNS[name];
  runConformance({
    name: `${name} (chromium)`,
    factory: run.factory,
    ...(run.skip !== undefined && { skip: run.skip }),
  });
}
