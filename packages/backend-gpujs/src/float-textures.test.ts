// Where a GL context lacks float textures the backend's factory fails, and ready() moves on to the
// CPU backend, keeping the reason. The context is simulated: every machine this runs on has them.
import '@glia/backend-cpu';
import { getBackendName, listBackends, ready, registerBackend } from '@glia/core';
import { expect, it, vi } from 'vitest';
import { checkFloatTextures, GpujsBackend } from './index';

it('falls back to the CPU backend with the reason when float textures are missing', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  registerBackend(
    'gpujs-without-float-textures',
    () => {
      const backend = new GpujsBackend();
      try {
        checkFloatTextures('webgl', false);
      } finally {
        backend.dispose();
      }
      return backend;
    },
    { priority: 3 },
  );
  await ready();
  expect(getBackendName()).toBe('cpu');
  const status = listBackends().find((s) => s.name === 'gpujs-without-float-textures');
  expect(status?.failure).toMatch(/gpujs: the webgl context has no float textures/);
  expect(warn).toHaveBeenCalledWith(expect.stringMatching(/skipping backend gpujs-without-float/));
  warn.mockRestore();
});
