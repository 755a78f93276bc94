import { type ActivationKernelName, GELU_TANH_CUBIC, SELU_ALPHA, SELU_SCALE } from '@glia/core';
import type { CpuStorage, KernelFamily } from '../cpu-storage';
import { erfc } from './special-functions';
import { mapKernel } from './unary';

const SQRT_HALF = Math.SQRT1_2;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

function geluExact(v: number): number {
  // 0.5·x·(1 + erf(x/√2)) written with erfc, which keeps precision in the far negative tail.
  return 0.5 * v * erfc(-v * SQRT_HALF);
}

function geluTanh(v: number): number {
  return 0.5 * v * (1 + Math.tanh(SQRT_TWO_OVER_PI * (v + GELU_TANH_CUBIC * v * v * v)));
}

/** Activation kernels; each keeps the input dtype (they are float32 in practice). */
export function activationKernels(storage: CpuStorage): KernelFamily<ActivationKernelName> {
  const relu6 = mapKernel(storage, (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), 6)));
  const elu = mapKernel(storage, (v) => (v > 0 ? v : Math.expm1(v)));
  const selu = mapKernel(storage, (v) =>
    v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v),
  );
  // Stable for every x: log1p(exp(-|x|)) never overflows.
  const softplus = mapKernel(storage, (v) => Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0));
  const geluExactKernel = mapKernel(storage, geluExact);
  const geluTanhKernel = mapKernel(storage, geluTanh);
  return {
    relu6,
    leakyRelu: (inputs, { alpha }) => mapKernel(storage, (v) => (v < 0 ? alpha * v : v))(inputs),
    elu,
    selu,
    gelu: (inputs, { approximate }) =>
      approximate ? geluTanhKernel(inputs) : geluExactKernel(inputs),
    softplus,
    clipByValue: (inputs, { min, max }) =>
      mapKernel(storage, (v) => Math.min(Math.max(v, min), max))(inputs),
  };
}
