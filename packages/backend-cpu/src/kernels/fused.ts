import type { FusedActivation, TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';

/** The fused layer kernels. */
export type FusedKernelName = 'fusedConv2d' | 'fusedMatMul';

/** out = activation(out + bias) in place, bias along the last axis. */
export type BiasActivationPass = (
  out: TensorInfo,
  bias: TensorInfo,
  activation: FusedActivation,
) => void;

/** The bias and activation pass in TypeScript, rounding as the add and relu kernels do. */
export function biasActivationPass(storage: CpuStorage): BiasActivationPass {
  return (out, bias, activation) => {
    const values = storage.float32Values(out, 'fused', 'output');
    const b = storage.float32Values(bias, 'fused', 'bias');
    const width = b.length;
    const rows = width === 0 ? 0 : values.length / width;
    const relu = activation === 'relu';
    for (let r = 0, i = 0; r < rows; r++) {
      for (let j = 0; j < width; j++, i++) {
        const z = Math.fround(values[i]! + b[j]!);
        values[i] = relu && !(z > 0 || Number.isNaN(z)) ? 0 : z;
      }
    }
  };
}

/**
 * fusedConv2d and fusedMatMul: the backend's own conv2d or batchMatMul kernel, then the bias and the
 * activation in one pass (`addBias`) over its fresh output (the composition makes two more passes
 * and two more tensors).
 */
export function fusedKernels(
  kernels: KernelFamily<'conv2d' | 'batchMatMul'>,
  addBias: BiasActivationPass,
): KernelFamily<FusedKernelName> {
  return {
    fusedConv2d: ({ x, filter, bias }, { activation, ...attrs }) => {
      const out = kernels.conv2d({ x, filter }, attrs);
      addBias(out, bias, activation);
      return out;
    },
    fusedMatMul: ({ a, b, bias }, { transposeA, transposeB, activation }) => {
      const batched = (t: TensorInfo): TensorInfo => ({ ...t, shape: [1, ...t.shape] });
      const out = kernels.batchMatMul({ a: batched(a), b: batched(b) }, { transposeA, transposeB });
      addBias(out, bias, activation);
      return { ...out, shape: out.shape.slice(1) };
    },
  };
}
