// The gpu.js backend against the backend contract: every case of @glia/backend-conformance, in the
// mode gpu.js picks here (WebAssembly in Node without headless-gl; a GL mode under test:gl), with no
// kernel allowed to fall back to the CPU backend.
import { runConformance } from '@glia/backend-conformance';
import { GpujsBackend } from './index';
import { INT32_RANGE_CASES } from './known-gaps';

runConformance({
  name: 'gpujs-conformance',
  factory: () => new GpujsBackend(),
  skip: INT32_RANGE_CASES,
});
