// The backend contract in headless Chromium: @glia/backend-conformance's whole suite, run in a
// browser page for each backend the config provides (GLIA_BROWSER_BACKENDS). The CPU run proves the
// harness (its WebAssembly SIMD GEMM, its typed arrays, no Node API); the gpu.js run is the one
// that tests WebGL2.
import { runConformance } from '@glia/backend-conformance';
import { CpuBackend } from '@glia/backend-cpu';
import type { Backend } from '@glia/core';
import { expect, inject, it } from 'vitest';
import type { BrowserBackendName } from './backends';

const FACTORIES: Record<BrowserBackendName, () => Backend | Promise<Backend>> = {
  cpu: () => new CpuBackend(),
};

const backends = inject('browserBackends');

it('runs in a browser page, not in Node', () => {
  expect(typeof document).toBe('object');
  expect(
    typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node,
  ).toBe('undefined');
});

for (const name of backends) {
  runConformance({ name: `${name} (chromium)`, factory: FACTORIES[name] });
}
