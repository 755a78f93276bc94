import { HeadlessGLKernel, WebGL2Kernel, WebGLKernel } from './gpujs-api';

/** The part of a WebGL context this module reads. */
interface GLContextLike {
  RENDERER: number;
  getParameter(name: number): unknown;
  getExtension(name: string): unknown;
}

/** gpu.js's GL kernel classes in the order gpu.js tries them. */
const GL_KERNELS = [HeadlessGLKernel, WebGL2Kernel, WebGLKernel] as const;

/**
 * The renderer behind the GL mode gpu.js would pick here (e.g. 'NVIDIA GeForce ...', 'llvmpipe
 * (LLVM 15.0.6, 256 bits)', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))'), or undefined
 * when gpu.js has no GL mode here or the renderer cannot be read.
 */
export function glRenderer(): string | undefined {
  for (const Kernel of GL_KERNELS) {
    if (!Kernel.isSupported) continue;
    const context = (Kernel as unknown as { testContext?: GLContextLike | null }).testContext;
    if (context === null || context === undefined) return undefined;
    const debug = context.getExtension('WEBGL_debug_renderer_info') as {
      UNMASKED_RENDERER_WEBGL: number;
    } | null;
    const name = context.getParameter(debug?.UNMASKED_RENDERER_WEBGL ?? context.RENDERER);
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/**
 * Whether a GL renderer string names a software rasterizer (Mesa's llvmpipe/softpipe/lavapipe,
 * SwiftShader, Windows' basic render driver), where GL is far slower than the CPU backend.
 */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i.test(renderer);
}
