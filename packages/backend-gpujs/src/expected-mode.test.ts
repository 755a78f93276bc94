// Guards the GL run (scripts/test-gl.mjs): when GPUJS_EXPECT_MODE names a mode, the suites must
// really have run in it, not silently on gpu.js's WebAssembly fallback.
import { expect, it } from 'vitest';
import { GpujsBackend } from './index';

it('runs in the gpu.js mode the run expects (GPUJS_EXPECT_MODE), or reports the mode it chose', () => {
  const backend = new GpujsBackend();
  const expected = process.env.GPUJS_EXPECT_MODE;
  try {
    if (expected !== undefined && expected !== '') expect(backend.mode).toBe(expected);
    else expect(['webasm', 'headlessgl', 'webgl2', 'webgl', 'cpu']).toContain(backend.mode);
  } finally {
    backend.dispose();
  }
});
