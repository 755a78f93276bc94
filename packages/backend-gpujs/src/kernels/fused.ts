import type { FusedActivation, TensorInfo } from '@glia/core';
import type { KernelContext, KernelFamily } from './context';
import { conv2dSource } from './conv2d';
import { unaryBodies } from './math-source';
import { matMulSource } from './matmul';

/** The fused layer kernels. */
export type FusedKernelName = 'fusedConv2d' | 'fusedMatMul';

/** Ends a kernel whose sum is `s`: add bias a2[channel], then the activation (NaN stays NaN). */
function epilogue(channel: string, activation: FusedActivation): string {
  const z = `const z = s + a2[${channel}];`;
  // relu's NaN spelt out, as the relu kernel does (llvmpipe otherwise gives 0 for NaN).
  return activation === 'relu' ? `${z}\n${unaryBodies.relu('z')}` : `${z}\nreturn z;`;
}

/** conv2d and matMul with the bias and activation in the same generated kernel: one pass. */
export function fusedKernels(ctx: KernelContext): KernelFamily<FusedKernelName> {
  return {
    fusedConv2d: ({ x, filter, bias }, { activation, ...attrs }): TensorInfo => {
      // o3 is the output channel in conv2dSource's index split.
      const { source, shape } = conv2dSource(
        x.shape,
        filter.shape,
        attrs,
        epilogue('o3', activation),
        3,
      );
      return ctx.run(source, shape, 'float32', [x, filter, bias]);
    },
    fusedMatMul: ({ a, b, bias }, { transposeA, transposeB, activation }): TensorInfo => {
      const { source, shape } = matMulSource(
        [1, ...a.shape],
        [1, ...b.shape],
        transposeA,
        transposeB,
        epilogue('c', activation),
        3,
      );
      return ctx.run(source, shape.slice(1), 'float32', [a, b, bias]);
    },
  };
}
