import { sizeFromShape } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { adamScalars, type OptimizerUpdateKernelName } from '../kernels/optimizer-updates';
import { job } from '../wasm/job';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { accelerateMultiOutput } from './launcher';

/** Adam as one SIMD loop over the parameter, its gradient and its moments (the same bits). */
export function acceleratedOptimizerUpdateKernels(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: KernelFamily<OptimizerUpdateKernelName>,
): KernelFamily<OptimizerUpdateKernelName> {
  return {
    adamUpdate: accelerateMultiOutput(
      runtime,
      storage,
      reference.adamUpdate,
      ({ param, grad, m, v }, attrs) => {
        const { c1, c2, alpha, epsilon } = adamScalars(attrs);
        const shape = param.shape;
        const n = sizeFromShape(shape);
        return {
          kernel: 'adamUpdate',
          inputs: [
            { name: 'param', info: param },
            { name: 'grad', info: grad },
            { name: 'm', info: m },
            { name: 'v', info: v },
          ],
          outputs: [{ shape }, { shape }, { shape }],
          elements: n,
          split: { total: n, minimum: PARALLEL_MIN_ELEMENTS, align: 4 },
          job: ({ inputs: [p, g, mIn, vIn], outputs: [outP, outM, outV] }, s, e) =>
            job(
              'adamUpdate',
              p! + 4 * s,
              g! + 4 * s,
              mIn! + 4 * s,
              vIn! + 4 * s,
              outP! + 4 * s,
              outM! + 4 * s,
              outV! + 4 * s,
              e - s,
              c1,
              c2,
              alpha,
              epsilon,
            ),
        };
      },
      ([p, mOut, vOut]) => [p!, mOut!, vOut!],
    ),
  };
}
