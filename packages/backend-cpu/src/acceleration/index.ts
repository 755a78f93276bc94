import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { biasActivationPass, fusedKernels } from '../kernels/fused';
import type { WasmRuntime } from '../wasm/runtime';
import { type AcceleratedBinaryKernelName, acceleratedBinaryKernels } from './binary';
import {
  acceleratedActivationGradientKernels,
  acceleratedCastKernels,
  acceleratedUnaryKernels,
  type UNARY_OVERRIDES,
} from './elementwise';
import { acceleratedBiasActivationPass } from './fused';
import { acceleratedOptimizerUpdateKernels } from './optimizer-updates';
import { acceleratedReduceKernels } from './reduce';

/*
 * The acceleration layer: the kernels that have a WebAssembly SIMD override, each the reference
 * kernel overlaid with it (the launcher falls back to the reference wherever the override does not
 * apply). The backend's table is the reference table with these laid over it.
 */

/** The kernels this layer overrides. */
export type AcceleratedKernelName =
  | keyof typeof UNARY_OVERRIDES
  | AcceleratedBinaryKernelName
  | 'cast'
  | 'sum'
  | 'mean'
  | 'reluGrad'
  | 'sigmoidGrad'
  | 'tanhGrad'
  | 'adamUpdate'
  | 'fusedConv2d'
  | 'fusedMatMul';

/** What the layer reads from the reference table: the kernels it overrides, and what fused calls. */
type Reference = KernelFamily<AcceleratedKernelName | 'conv2d' | 'batchMatMul'>;

/** The accelerated kernels over `reference`. */
export function accelerationLayer(
  runtime: WasmRuntime,
  storage: CpuStorage,
  reference: Reference,
): KernelFamily<AcceleratedKernelName> {
  return {
    ...acceleratedUnaryKernels(runtime, storage, reference),
    ...acceleratedBinaryKernels(runtime, storage, reference),
    ...acceleratedCastKernels(runtime, storage, reference),
    ...acceleratedReduceKernels(runtime, storage, reference),
    ...acceleratedActivationGradientKernels(runtime, storage, reference),
    ...acceleratedOptimizerUpdateKernels(runtime, storage, reference),
    ...fusedKernels(
      reference,
      acceleratedBiasActivationPass(runtime, storage, biasActivationPass(storage)),
    ),
  };
}
