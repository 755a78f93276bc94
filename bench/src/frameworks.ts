/*
 * The frameworks the benchmark knows: one entry each. An entry loads its runner lazily (so a
 * process imports only its own framework) and may ask for Node flags or environment variables for
 * the process that runs it. Adding a framework is adding an entry here.
 */
import type { FrameworkRunner } from './runner';
import type { WorkloadName } from './workloads';

export interface FrameworkEntry {
  /** What the table says about it when it is left out of the default run. */
  summary: string;
  load: () => Promise<FrameworkRunner>;
  /** The workloads its runner builds (known here so the parent starts no process for the rest). */
  workloads: readonly WorkloadName[];
  /** Flags for the `node` process that runs it (e.g. turning relaxed SIMD on). */
  nodeFlags?: string[];
  /** Whether `pnpm bench` runs it without `--frameworks` naming it. */
  byDefault: boolean;
}

const RELAXED_SIMD = ['--experimental-wasm-relaxed-simd'];
const MODELS: readonly WorkloadName[] = [
  'cnn-train',
  'cnn-infer',
  'mlp-train',
  'lstm-train',
  'matmul',
];

export const FRAMEWORKS: Record<string, FrameworkEntry> = {
  'glia-cpu': {
    summary: "Glia's cpu backend (WebAssembly SIMD, GLIA_THREADS threads, default every core)",
    load: async () => (await import('./glia-runner')).gliaRunner('cpu'),
    workloads: MODELS,
    byDefault: true,
  },
  'glia-cpu-relaxed': {
    summary: "Glia's cpu backend with Node's relaxed SIMD on (fused multiply-adds in the GEMM)",
    load: async () => (await import('./glia-runner')).gliaRunner('cpu'),
    nodeFlags: RELAXED_SIMD,
    workloads: MODELS,
    byDefault: false,
  },
  'glia-gpujs': {
    summary: "Glia's gpujs backend (gpu.js's WebAssembly mode in Node without headless-gl)",
    load: async () => (await import('./glia-runner')).gliaRunner('gpujs'),
    workloads: MODELS,
    byDefault: false,
  },
  'tfjs-cpu': {
    summary: "TF.js's pure-JavaScript cpu backend",
    load: async () => (await import('./tfjs-runner')).tfjsRunner('cpu'),
    workloads: MODELS,
    byDefault: false,
  },
  'tfjs-wasm': {
    summary: "TF.js's wasm backend (XNNPACK, SIMD, one thread in Node)",
    load: async () => (await import('./tfjs-runner')).tfjsRunner('wasm'),
    workloads: MODELS,
    byDefault: true,
  },
  'ort-node': {
    summary: 'ONNX Runtime node (native, intra-op threads = GLIA_THREADS or every core)',
    load: async () => (await import('./ort-matmul')).ortMatMulRunner(),
    workloads: ['matmul'],
    byDefault: true,
  },
  'wasm-ceiling': {
    summary: 'register-only f32x4 mul+add loop on every thread: the WASM SIMD ceiling',
    load: async () => (await import('./simd-ceiling')).ceilingRunner(),
    workloads: ['simd-peak'],
    byDefault: true,
  },
  'wasm-ceiling-relaxed': {
    summary: "the same loop with relaxed SIMD's fused multiply-add (Node's flag on)",
    load: async () => (await import('./simd-ceiling')).ceilingRunner(),
    nodeFlags: RELAXED_SIMD,
    workloads: ['simd-peak'],
    byDefault: false,
  },
};

export type FrameworkName = keyof typeof FRAMEWORKS;
