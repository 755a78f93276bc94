import { runKernel } from '../engine/engine';
import { DTypeError } from '../errors';
import type { UnaryKernelName } from '../kernels/kernel-table';
import type { Tensor } from '../tensor/tensor';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';

/**
 * How an elementwise op treats dtypes: 'numeric' keeps int32 (bool becomes int32), 'float' computes in
 * float32, 'test' takes any dtype and returns bool, 'bool' takes bool only, 'rounding' keeps int32
 * (bool becomes int32) and computes float32 as float32.
 */
type UnaryPolicy = 'numeric' | 'float' | 'test' | 'bool' | 'rounding';

function unary(kernel: UnaryKernelName, policy: UnaryPolicy): (x: TensorInput) => Tensor {
  return defineOp(kernel, (x: TensorInput): Tensor => {
    let t = input(kernel, 'x', x);
    if (policy === 'bool' && t.dtype !== 'bool') {
      throw new DTypeError(`${kernel}: 'x' has dtype ${t.dtype}: expected bool`);
    }
    if (policy === 'numeric' && t.dtype === 'bool') t = castTo(t, 'int32');
    if (policy === 'float') t = castTo(t, 'float32');
    // Rounding an integer is the identity: int32 stays int32 (as relu), bool becomes int32.
    if (policy === 'rounding') {
      if (t.dtype !== 'float32') return t.dtype === 'int32' ? t.clone() : castTo(t, 'int32');
    }
    if (policy === 'test' && t.dtype !== 'float32') t = castTo(t, 'float32');
    return runKernel(kernel, { x: t }, {});
  });
}

/** -x. */
export const neg = unary('neg', 'numeric');
/** |x|. */
export const abs = unary('abs', 'numeric');
/** -1, 0 or 1 by the sign of x; NaN stays NaN. */
export const sign = unary('sign', 'numeric');
/** x². */
export const square = unary('square', 'numeric');
/** max(x, 0). */
export const relu = unary('relu', 'numeric');
/** Largest integer <= x. */
export const floor = unary('floor', 'rounding');
/** Smallest integer >= x. */
export const ceil = unary('ceil', 'rounding');
/** Nearest integer, halves to even (`round(2.5) = 2`), as NumPy and TF. */
export const round = unary('round', 'rounding');
/** eˣ. */
export const exp = unary('exp', 'float');
/** eˣ - 1, accurate near 0. */
export const expm1 = unary('expm1', 'float');
/** Natural logarithm; log(0) = -Infinity, log(-1) = NaN. */
export const log = unary('log', 'float');
/** log(1 + x), accurate near 0. */
export const log1p = unary('log1p', 'float');
/** √x. */
export const sqrt = unary('sqrt', 'float');
/** 1/√x. */
export const rsqrt = unary('rsqrt', 'float');
/** 1/x. */
export const reciprocal = unary('reciprocal', 'float');
/** sin x. */
export const sin = unary('sin', 'float');
/** cos x. */
export const cos = unary('cos', 'float');
/** tanh x. */
export const tanh = unary('tanh', 'float');
/** 1 / (1 + e⁻ˣ), computed without overflow. */
export const sigmoid = unary('sigmoid', 'float');
/** The Gauss error function. */
export const erf = unary('erf', 'float');
/** Whether each element is NaN (bool). */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the op's name in TF.js and NumPy
export const isNaN = unary('isNaN', 'test');
/** Whether each element is finite (bool). */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the op's name in TF.js and NumPy
export const isFinite = unary('isFinite', 'test');
/** Logical not of a bool tensor. */
export const logicalNot = unary('logicalNot', 'bool');
