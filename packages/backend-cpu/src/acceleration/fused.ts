import type { CpuStorage } from '../cpu-storage';
import type { BiasActivationPass } from '../kernels/fused';
import { job } from '../wasm/job';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';

/**
 * The fused kernels' bias and activation pass as kernels.wat's biasActivation, split across threads
 * by rows, where the output and the bias live in the wasm memory (the fresh output of a kernel
 * there always does); `reference` elsewhere. It works in place, so it has no operands to copy in and
 * no outputs to hand back: it splits its rows itself rather than through the launcher.
 */
export function acceleratedBiasActivationPass(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: BiasActivationPass,
): BiasActivationPass {
  return (out, bias, activation) => {
    const outPtr = storage.pointer(out);
    const biasPtr = storage.pointer(bias);
    if (outPtr === undefined || biasPtr === undefined) return reference(out, bias, activation);
    const width = storage.float32Values(bias, 'fused', 'bias').length;
    const rows = width === 0 ? 0 : storage.float32Values(out, 'fused', 'output').length / width;
    const relu = activation === 'relu' ? 1 : 0;
    runtime.split(rows, Math.ceil(PARALLEL_MIN_ELEMENTS / Math.max(1, width)), 1, (s, e) =>
      job('biasActivation', outPtr + 4 * s * width, biasPtr, e - s, width, relu),
    );
  };
}
