// The CPU backend against the backend contract: every case of @glia/backend-conformance, run three
// times: as shipped (matMul and convolutions on the WebAssembly SIMD GEMM), on the plain TypeScript
// path it falls back to where SIMD is missing, and with only its primitive kernels so that core's
// default compositions of the composite kernels (softmax, conv2d, pooling, ...) are what it checks.
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
