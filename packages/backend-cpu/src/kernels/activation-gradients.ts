import type { TensorInfo } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { PARALLEL_MIN_ELEMENTS, type WasmRuntime } from '../wasm/runtime';
import { SIMD_MIN_ELEMENTS, withWasm } from './wasm-operands';

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
 * primitive kernels stores a float32): the same bits as the three kernels they replace.
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

/**
 * A gradient kernel over dy and `other` (same shape and float32, as the ops guarantee): the wasm
 * function `<name>VV` split across threads for large tensors, else the TypeScript loop.
 */
function gradientKernel(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
  name: ActivationGradientKernelName,
  otherName: 'x' | 'y',
  loop: GradientLoop,
) {
  const plain = (dy: TensorInfo, other: TensorInfo): TensorInfo => {
    const dyValues = storage.values(dy);
    const out = storage.allocFloat32(dyValues.length);
    loop(dyValues, storage.values(other), out, 0, dyValues.length);
    return storage.output(out, dy.shape, 'float32');
  };
  return (dy: TensorInfo, other: TensorInfo): TensorInfo => {
    const n = storage.values(dy).length;
    if (runtime === null || n < SIMD_MIN_ELEMENTS) return plain(dy, other);
    return withWasm(
      runtime,
      storage,
      (ops) => {
        const dyPtr = ops.input(dy, name, 'dy');
        const otherPtr = ops.input(other, name, otherName);
        const out = ops.temp(n);
        runtime.split(n, PARALLEL_MIN_ELEMENTS, 16, (s, e) => ({
          fn: `${name}VV`,
          args: [out + 4 * s, dyPtr + 4 * s, otherPtr + 4 * s, e - s],
        }));
        return ops.output(out, n, dy.shape);
      },
      () => plain(dy, other),
    );
  };
}

/** reluGrad, sigmoidGrad and tanhGrad in one pass each instead of core's three-kernel compositions. */
export function activationGradientKernels(
  storage: CpuStorage,
  runtime: WasmRuntime | null,
): KernelFamily<ActivationGradientKernelName> {
  const relu = gradientKernel(storage, runtime, 'reluGrad', 'x', reluGradLoop);
  const sigmoid = gradientKernel(storage, runtime, 'sigmoidGrad', 'y', sigmoidGradLoop);
  const tanh = gradientKernel(storage, runtime, 'tanhGrad', 'y', tanhGradLoop);
  return {
    reluGrad: ({ dy, x }) => relu(dy, x),
    sigmoidGrad: ({ dy, y }) => sigmoid(dy, y),
    tanhGrad: ({ dy, y }) => tanh(dy, y),
  };
}
