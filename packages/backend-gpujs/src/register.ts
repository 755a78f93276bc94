import { BackendError, registerBackend } from '@glia/core';
import { GPU } from 'gpu.js';
import { GpujsBackend, type GpujsBackendOptions } from './gpujs-backend';
import { glRenderer, isSoftwareRenderer } from './renderer';

/** Priority on a GPU through GL: above the CPU backend's 1. */
const GL_PRIORITY = 2;
/**
 * Priority in gpu.js's WebAssembly/CPU modes, and on GL over a software rasterizer: below the CPU
 * backend, which is faster there (see the README's benchmarks).
 */
const NON_GL_PRIORITY = 0.5;

/** Whether gpu.js would run on a GL API here (headless-gl in Node, WebGL2/WebGL in a browser). */
function glAvailable(): boolean {
  return GPU.isHeadlessGLSupported || GPU.isWebGL2Supported || GPU.isWebGLSupported;
}

/**
 * The registry priority the backend gets here: 2 where gpu.js has GL, 0.5 in its WebAssembly mode
 * and on GL whose renderer is a known software rasterizer (SwiftShader, llvmpipe, ...). headless-gl
 * names no renderer (it says 'ANGLE'), so it counts as hardware.
 */
export function gpujsPriority(renderer: string | undefined = glRenderer()): number {
  if (!glAvailable()) return NON_GL_PRIORITY;
  return renderer !== undefined && isSoftwareRenderer(renderer) ? NON_GL_PRIORITY : GL_PRIORITY;
}

/**
 * Creates the backend, failing with a clear reason where its device cannot work: a GL context
 * without float textures cannot hold tensors, so the registry moves on to the CPU backend.
 */
export function createGpujsBackend(options: GpujsBackendOptions = {}): GpujsBackend {
  const backend = new GpujsBackend(options);
  try {
    checkFloatTextures(backend.mode, backend.device.floatTextures);
  } catch (e) {
    backend.dispose();
    throw e;
  }
  return backend;
}

/** Throws the reason the backend cannot start when a GL `mode` lacks float textures. */
export function checkFloatTextures(mode: string, floatTextures: boolean): void {
  const isGL = mode === 'headlessgl' || mode === 'webgl2' || mode === 'webgl';
  if (isGL && !floatTextures) {
    throw new BackendError(
      `gpujs: the ${mode} context has no float textures (WebGL needs OES_texture_float, WebGL2 float render targets): tensors cannot be stored on it, so the cpu backend takes over`,
    );
  }
}

/** Registers the backend as 'gpujs' (the package entry does this on import); false if taken. */
export function registerGpujsBackend(options: GpujsBackendOptions = {}): boolean {
  return registerBackend('gpujs', () => createGpujsBackend(options), { priority: gpujsPriority() });
}
