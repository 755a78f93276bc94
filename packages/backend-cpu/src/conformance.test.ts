// The CPU backend against the backend contract: every case of @glia/backend-conformance, run four
// times: as shipped (hot kernels in WebAssembly SIMD, tensors in the shared wasm memory), with a
// private wasm memory (as in a browser page without SharedArrayBuffer: operands copied in and out),
// on the plain TypeScript path it falls back to where SIMD is missing, and with only its primitive
// kernels so that core's default compositions of the composite kernels are what it checks.
import { runConformance } from '@glia/backend-conformance';
import { COMPOSITE_KERNELS } from '@glia/core';
import { CpuBackend } from './index';

/**
 * Cases that fail because of a known bug in core or in this backend, each with its diagnosis.
 * Fix the bug, then delete its line here: a prefix that no longer matches a case fails the suite.
 */
const knownFailures: string[] = [];

/** Cases of the primitives-only run that fail because of a bug in a core composition. */
const knownCompositionFailures: string[] = [];

runConformance({ name: 'cpu', factory: () => new CpuBackend(), skip: knownFailures });
runConformance({
  name: 'cpu-private-memory',
  factory: () => new CpuBackend({ sharedMemory: false }),
  skip: knownFailures,
});
runConformance({
  name: 'cpu-typescript',
  factory: () => new CpuBackend({ simd: false }),
  skip: knownFailures,
});

/** A CPU backend without its native composite kernels: the engine uses core's compositions instead. */
function primitivesOnly(): CpuBackend {
  const backend = new CpuBackend();
  const kernels = backend.kernels as Partial<Record<string, unknown>>;
  for (const name of COMPOSITE_KERNELS) delete kernels[name];
  return backend;
}

runConformance({
  name: 'cpu-primitives',
  factory: primitivesOnly,
  skip: [...knownFailures, ...knownCompositionFailures],
});
