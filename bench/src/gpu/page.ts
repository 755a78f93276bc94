// The browser side of the GPU benchmark: Glia on gpu.js's webgpu and webgl2 modes, TF.js on its
// webgpu and webgl backends, in one page. run.mjs calls window.runGpuBench through Playwright.
import '@tensorflow/tfjs-backend-webgpu';
import * as tf from '@tensorflow/tfjs';
import { type GpuWorkload, registerGpujsMode, runGlia, runTfjs } from './workloads';

registerGpujsMode('gpujs-webgpu', 'webgpu');
registerGpujsMode('gpujs-webgl2', 'webgl2');

/** One column set of the table: which framework and backend. */
export interface BrowserRun {
  framework: 'glia' | 'tfjs';
  backend: string;
}

async function runGpuBench(runs: BrowserRun[], workloads: GpuWorkload[], budgetMs: number) {
  const rows = [];
  for (const run of runs) {
    try {
      rows.push(
        run.framework === 'glia'
          ? await runGlia(run.backend, workloads, budgetMs)
          : await runTfjs(tf, run.backend, workloads, budgetMs),
      );
    } catch (e) {
      rows.push({ label: `${run.framework} ${run.backend}`, cells: [], error: String(e) });
    }
  }
  return rows;
}

async function adapterInfo(): Promise<string> {
  type Info = {
    vendor?: string;
    architecture?: string;
    description?: string;
    isFallbackAdapter?: boolean;
  };
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: Info } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return 'no WebGPU adapter';
  const { vendor, architecture, description, isFallbackAdapter } = adapter.info ?? {};
  return JSON.stringify({ vendor, architecture, description, isFallbackAdapter });
}

Object.assign(globalThis, { runGpuBench, adapterInfo });
