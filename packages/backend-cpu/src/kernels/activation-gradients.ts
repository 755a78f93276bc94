import type { TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';

/** The elementwise gradient kernels of relu, sigmoid and tanh. */
export type ActivationGradientKernelName = 'reluGrad' | 'sigmoidGrad' | 'tanhGrad';

/** out[start, end) from dy and the second operand (x for relu, y for sigmoid and tanh). */
type GradientLoop = (
  dy: ArrayLike<number>,
  other: ArrayLike<number>,
  out: Float32Array,
  start: number,
  end: number,
) => void;

const f = Math.fround;

/*
 * One pass each, rounded to float32 after every step as core's compositions round (each of their
 * primitive kernels stores a float32): the same bits as the three kernels they replace, and as
 * kernels.wat's loops.
 */
const reluGradLoop: GradientLoop = (dy, x, out, start, end) => {
  for (let i = start; i < end; i++) out[i] = x[i]! > 0 ? dy[i]! : dy[i]! * 0;
};
const sigmoidGradLoop: GradientLoop = (dy, y, out, start, end) => {
  for (let i = start; i < end; i++) {
    const v = y[i]!;
    out[i] = dy[i]! * f(v * f(1 - v));
  }
};
const tanhGradLoop: GradientLoop = (dy, y, out, start, end) => {
  for (let i = start; i < end; i++) {
    const v = y[i]!;
    out[i] = dy[i]! * f(1 - f(v * v));
  }
};

/** A gradient kernel over dy and `other` (same shape and float32, as the ops guarantee). */
function gradientKernel(storage: CpuStorage, loop: GradientLoop) {
  return (dy: TensorInfo, other: TensorInfo): TensorInfo => {
    const dyValues = storage.values(dy);
    const out = storage.allocFloat32(dyValues.length);
    loop(dyValues, storage.values(other), out, 0, dyValues.length);
    return storage.output(out, dy.shape, 'float32');
  };
}

/** reluGrad, sigmoidGrad and tanhGrad in one pass each instead of core's three-kernel compositions. */
export function activationGradientKernels(
  storage: CpuStorage,
): KernelFamily<ActivationGradientKernelName> {
  const relu = gradientKernel(storage, reluGradLoop);
  const sigmoid = gradientKernel(storage, sigmoidGradLoop);
  const tanh = gradientKernel(storage, tanhGradLoop);
  return {
    reluGrad: ({ dy, x }) => relu(dy, x),
    sigmoidGrad: ({ dy, y }) => sigmoid(dy, y),
    tanhGrad: ({ dy, y }) => tanh(dy, y),
  };
}
