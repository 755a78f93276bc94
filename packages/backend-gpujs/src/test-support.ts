import { GpujsBackend } from './gpujs-backend';

/**
 * A new backend for the tests, which must be in the mode GPUJS_EXPECT_MODE names when it is set
 * (scripts/test-gl.mjs sets 'headlessgl'): gpu.js silently falls back to WebAssembly when it cannot
 * create a GL context, and a GL run that did so would prove nothing.
 */
export function testBackend(): GpujsBackend {
  const backend = new GpujsBackend();
  const expected = process.env.GPUJS_EXPECT_MODE;
  if (expected !== undefined && expected !== '' && backend.mode !== expected) {
    const mode = backend.mode;
    backend.dispose();
    throw new Error(`gpujs tests: GPUJS_EXPECT_MODE is '${expected}' but gpu.js chose '${mode}'`);
  }
  return backend;
}
