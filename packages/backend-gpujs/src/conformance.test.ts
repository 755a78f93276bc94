// The gpu.js backend against the backend contract: every case of @glia/backend-conformance, in the
// mode gpu.js picks here (WebAssembly in Node without headless-gl; a GL mode under test:gl), with no
// kernel allowed to fall back to the CPU backend.
import { runConformance } from '@glia/backend-conformance';
import { INT32_RANGE_CASES } from './known-gaps';
import { testBackend } from './test-support';

runConformance({
  name: 'gpujs-conformance',
  factory: testBackend,
  skip: INT32_RANGE_CASES,
});
