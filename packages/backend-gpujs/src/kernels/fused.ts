import type { FusedActivation, TensorInfo } from '@glia/core';
import type { KernelContext, KernelFamily } from './context';
import { conv2dSource } from './conv2d';
import { matMulSource } from './matmul';

/** The fused layer kernels. */
export type FusedKernelName = 'fusedConv2d' | 'fusedMatMul';

/** Ends a kernel whose sum is `s`: add bias a2[channel], then the activation (NaN stays NaN). */
function epilogue(channel: string, activation: FusedActivation): string {
  const z = `const z = s + a2[${channel}];`;
  return activation === 'relu'
    ? `${z}\nif (z < 0.0) { return 0.0; }\nreturn z;`
    : `${z}\nreturn z;`;
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
