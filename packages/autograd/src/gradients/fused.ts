// The fused layer kernels: the activation's gradient first (relu passes dy where its output is
// positive, which is where its input was), then the gradients of the product or convolution and of
// the bias (dz summed over every axis but the last).
import {
  conv2dBackpropFilter,
  conv2dBackpropInput,
  type FusedActivation,
  matMul,
  reluGrad,
  sum,
  type Tensor,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';
import { convOptions } from './conv';

/** The gradient before the activation, from the kernel's output y. */
function preActivation(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  return activation === 'relu' ? reluGrad(dy, y) : dy;
}

/** Sums dz over every axis but the channels (the last). */
function biasGradient(dz: Tensor): Tensor {
  return sum(
    dz,
    dz.shape.slice(0, -1).map((_, i) => i),
  );
}

export const fusedGradients: AnyGradientRule[] = [
  {
    kernelName: 'fusedConv2d',
    gradient: (dy, { inputs: { x, filter }, attrs, output }) => {
      let dz: Tensor | undefined;
      const pre = (): Tensor => {
        dz ??= preActivation(dy, output, attrs.activation);
        return dz;
      };
      return {
        x: () => conv2dBackpropInput(pre(), filter, x.shape, convOptions(attrs)),
        filter: () => conv2dBackpropFilter(x, pre(), filter.shape, convOptions(attrs)),
        bias: () => biasGradient(pre()),
      };
    },
  },
  {
    kernelName: 'fusedMatMul',
    gradient: (dy, { inputs: { a, b }, attrs: { transposeA, transposeB, activation }, output }) => {
      let dz: Tensor | undefined;
      const pre = (): Tensor => {
        dz ??= preActivation(dy, output, activation);
        return dz;
      };
      // The four transpose cases of batchMatMul's rule, on matrices.
      const da = (): Tensor =>
        transposeA ? matMul(b, pre(), transposeB, true) : matMul(pre(), b, false, !transposeB);
      const db = (): Tensor =>
        transposeB ? matMul(pre(), a, true, transposeA) : matMul(a, pre(), !transposeA, false);
      return { a: da, b: db, bias: () => biasGradient(pre()) };
    },
  },
];
