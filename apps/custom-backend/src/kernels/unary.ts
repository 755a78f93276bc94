import type { DType, TensorInfo, UnaryKernelName } from '@glia/core';
import { arrayFor, type PlainStorage } from '../storage';
import type { KernelFamily } from './kernel-family';

type Fn = (x: number) => number;

/** Rounds half to even (banker's rounding), as NumPy and TF do: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2. */
function roundHalfToEven(x: number): number {
  const nearest = Math.round(x);
  // Math.round sends every half up; pull it back down when that landed on an odd number.
  return nearest - x === 0.5 && nearest % 2 !== 0 ? nearest - 1 : nearest;
}

/** -1, 0 or 1; NaN stays NaN. */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN;
}

/**
 * erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, under float32's resolution
 * of erf's values near 1), odd-extended to negative x.
 */
function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - poly * Math.exp(-x * x);
  return x < 0 ? -y : y;
}

/** Unary kernels whose output has the input's dtype. The float-only ones only ever see float32. */
const SAME_DTYPE: Record<Exclude<UnaryKernelName, 'isNaN' | 'isFinite' | 'logicalNot'>, Fn> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign,
  square: (x) => x * x,
  // Math.max returns NaN when either side is NaN: relu propagates NaN, as the contract asks.
  relu: (x) => Math.max(x, 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfToEven,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  erf,
};

/**
 * int32 versions where the float formula would lose the wrap-around: x*x can exceed 2^53, so the
 * low 32 bits are computed with Math.imul. Storing into an Int32Array wraps everything else.
 */
const INT32_OVERRIDES: Partial<Record<UnaryKernelName, Fn>> = {
  square: (x) => Math.imul(x, x),
};

/** Unary kernels whose output is bool (stored as 0/1). */
const TO_BOOL: Record<'isNaN' | 'isFinite' | 'logicalNot', Fn> = {
  isNaN: (x) => Number(Number.isNaN(x)),
  isFinite: (x) => Number(Number.isFinite(x)),
  logicalNot: (x) => Number(x === 0),
};

/** Applies `f` to every element of `x`, into a new buffer of `dtype`. */
export function mapElements(storage: PlainStorage, x: TensorInfo, dtype: DType, f: Fn): TensorInfo {
  const input = storage.read(x.dataId);
  const output = arrayFor(dtype, input.length);
  for (let i = 0; i < input.length; i++) output[i] = f(input[i]!);
  return storage.adopt(output, x.shape, dtype);
}

/** Every elementwise unary kernel of the table. */
export function unaryKernels(storage: PlainStorage): KernelFamily<UnaryKernelName> {
  const kernels: Partial<KernelFamily<UnaryKernelName>> = {};
  for (const [name, f] of Object.entries(SAME_DTYPE) as [UnaryKernelName, Fn][]) {
    const forInt32 = INT32_OVERRIDES[name] ?? f;
    kernels[name] = ({ x }) => mapElements(storage, x, x.dtype, x.dtype === 'int32' ? forInt32 : f);
  }
  for (const [name, f] of Object.entries(TO_BOOL) as [UnaryKernelName, Fn][]) {
    kernels[name] = ({ x }) => mapElements(storage, x, 'bool', f);
  }
  return kernels as KernelFamily<UnaryKernelName>;
}
