// The fused layer kernels: the activation's gradient first (relu passes dy where its output is
// positive, which is where its input was), then the gradients of the product or convolution and of
// the bias (dz summed over every axis but the last).
import {
  conv2dBackpropFilter,
  conv2dBackpropInput,
  type FusedActivation,
  reluGrad,
  sum,
  type Tensor,
} from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';
import { convOptions } from './conv';
import { productGradients } from './linalg';

/**
 * The gradient before the activation, from the kernel's output y, computed once and only when an
 * input's gradient asks for it.
 */
function preActivation(dy: Tensor, y: Tensor, activation: FusedActivation): () => Tensor {
  let dz: Tensor | undefined;
  return () => {
    dz ??= activation === 'relu' ? reluGrad(dy, y) : dy;
    return dz;
  };
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
      const dz = preActivation(dy, output, attrs.activation);
      return {
        x: () => conv2dBackpropInput(dz(), filter, x.shape, convOptions(attrs)),
        filter: () => conv2dBackpropFilter(x, dz(), filter.shape, convOptions(attrs)),
        bias: () => biasGradient(dz()),
      };
    },
  },
  {
    kernelName: 'fusedMatMul',
    gradient: (dy, { inputs: { a, b }, attrs: { transposeA, transposeB, activation }, output }) => {
      const dz = preActivation(dy, output, activation);
      return {
        ...productGradients(dz, a, b, transposeA, transposeB),
        bias: () => biasGradient(dz()),
      };
    },
  },
];
