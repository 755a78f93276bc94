import { BackendError, registerBackend } from '@glia/core';
import { type AdapterFacts, adapterFacts } from './adapter-facts';
import { acquireWebGpuContext, GPU, type WebGpuContext } from './gpujs-api';
import { GpujsBackend, type GpujsBackendOptions } from './gpujs-backend';
import { glRenderer, isSoftwareRenderer } from './renderer';

/** Priority of the webgpu mode on a hardware adapter: above GL on a GPU and the CPU backend. */
export const WEBGPU_PRIORITY = 3;
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
 * The registry priority the backend gets here without WebGPU: 2 where gpu.js has GL, 0.5 in its
 * WebAssembly mode and on GL whose renderer is a known software rasterizer (SwiftShader, llvmpipe,
 * ...). headless-gl names no renderer (it says 'ANGLE'), so it counts as hardware.
 */
export function gpujsPriority(renderer: string | undefined = glRenderer()): number {
  if (!glAvailable()) return NON_GL_PRIORITY;
  return renderer !== undefined && isSoftwareRenderer(renderer) ? NON_GL_PRIORITY : GL_PRIORITY;
}

/** What probing for WebGPU found: a usable context and its adapter's facts, or why not. */
export type WebGpuProbe =
  | { context: WebGpuContext; facts: AdapterFacts }
  | { context?: undefined; reason: string };

/** Looks for WebGPU the way gpu.js's webgpu mode will use it (`navigator.gpu`, one adapter). */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  if (!webGpuPresent()) {
    return {
      reason:
        'no WebGPU API here (navigator.gpu is missing; in Node, install a WebGPU implementation such as the webgpu package and set navigator.gpu)',
    };
  }
  try {
    const context = await acquireWebGpuContext();
    return { context, facts: adapterFacts(context.adapter) };
  } catch (e) {
    return { reason: e instanceof Error ? e.message : String(e) };
  }
}

function webGpuPresent(): boolean {
  const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
  return nav?.gpu !== undefined && nav.gpu !== null;
}

/**
 * Why a probe's WebGPU is not the one to run on by default, or undefined when it is (a hardware
 * adapter). A software adapter (SwiftShader, lavapipe, a fallback adapter) is slower than the CPU
 * backend, and its reads are asynchronous only.
 */
export function whyNotWebGpu(probe: WebGpuProbe): string | undefined {
  if (probe.context === undefined) return probe.reason;
  const { facts } = probe;
  if (!facts.isSoftware) return undefined;
  const name = [facts.vendor, facts.architecture, facts.description].filter(Boolean).join(' ');
  return `the WebGPU adapter is a software one (${name || 'unnamed'}${facts.isFallbackAdapter ? ', fallback adapter' : ''})`;
}

/**
 * The registry priority for what a probe found: `WEBGPU_PRIORITY` on a hardware adapter, else the
 * priority without WebGPU (`glPriority`, see `gpujsPriority`).
 */
export function rankFor(probe: WebGpuProbe, glPriority: number = gpujsPriority()): number {
  return whyNotWebGpu(probe) === undefined ? WEBGPU_PRIORITY : glPriority;
}

/**
 * Creates the backend, failing with a clear reason where its device cannot work: a GL context
 * without float textures cannot hold tensors, so the registry moves on to the CPU backend. The
 * webgpu mode is created with `GpujsBackend.create` (asynchronously).
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

/**
 * Creates the backend in the mode the machine suits best: webgpu on a hardware adapter, else the
 * mode gpu.js picks (GL or WebAssembly), saying in `describe()` why not webgpu. Synchronous where
 * there is no WebGPU API at all.
 */
export function createBestGpujsBackend(
  probe?: () => Promise<WebGpuProbe>,
): GpujsBackend | Promise<GpujsBackend> {
  if (probe === undefined && !webGpuPresent()) {
    return createGpujsBackend({ notWebGpu: 'no WebGPU API here (navigator.gpu is missing)' });
  }
  return (probe ?? probeWebGpu)().then((found) => {
    const why = whyNotWebGpu(found);
    if (why === undefined) return GpujsBackend.create({ mode: 'webgpu', webgpu: found.context! });
    return createGpujsBackend({ notWebGpu: why });
  });
}

/** How to register the backend. */
export interface RegisterGpujsOptions extends GpujsBackendOptions {
  /** The registry name; default 'gpujs'. Register a second name to offer a second mode. */
  name?: string;
  /** Looks for WebGPU (a test can pass a stub); default `probeWebGpu`. */
  probe?: () => Promise<WebGpuProbe>;
}

/**
 * Registers the backend (the package entry does this on import, as 'gpujs'); false if the name is
 * taken. Without a `mode`, `ready()` ranks it by what answers here: WebGPU on a hardware adapter
 * first (3), GL on a GPU next (2), above the CPU backend (1); software adapters and WebAssembly
 * below it (0.5). With a `mode`, it always runs in that mode (`'webgpu'` ranks as above: 3 on a
 * hardware adapter once `ready()` has looked, else 0.5):
 *
 * ```ts
 * registerGpujsBackend({ name: 'gpujs-webgl2', mode: 'webgl2' });
 * await setBackend('gpujs-webgl2');
 * ```
 */
export function registerGpujsBackend(options: RegisterGpujsOptions = {}): boolean {
  const { name = 'gpujs', probe, ...backendOptions } = options;
  if (backendOptions.mode === 'webgpu') {
    // below the CPU backend until ready() has seen a hardware adapter
    return registerBackend(name, () => GpujsBackend.create(backendOptions), {
      priority: NON_GL_PRIORITY,
      rank: async () => rankFor(await (probe ?? probeWebGpu)(), NON_GL_PRIORITY),
    });
  }
  if (backendOptions.mode !== undefined) {
    return registerBackend(name, () => createGpujsBackend(backendOptions), {
      priority: gpujsPriority(),
    });
  }
  return registerBackend(name, () => createBestGpujsBackend(probe), {
    priority: gpujsPriority(),
    ...(probe === undefined && !webGpuPresent()
      ? {}
      : { rank: async () => rankFor(await (probe ?? probeWebGpu)()) }),
  });
}
