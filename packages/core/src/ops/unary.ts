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
  return defineOp(`${kernel}(x)`, (x: TensorInput): Tensor => {
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

/**
 * -x.
 *
 * ```ts
 * const y = glia.neg(glia.tensor([1, -2, 3]));
 * console.log(await y.array()); // [-1, 2, -3]
 * ```
 */
export const neg = unary('neg', 'numeric');
/**
 * |x|.
 *
 * ```ts
 * const y = glia.abs(glia.tensor([-1.5, 0, 2]));
 * console.log(await y.array()); // [1.5, 0, 2]
 * ```
 */
export const abs = unary('abs', 'numeric');
/**
 * -1, 0 or 1 by the sign of x; NaN stays NaN.
 *
 * ```ts
 * const y = glia.sign(glia.tensor([-3, 0, 2]));
 * console.log(await y.array()); // [-1, 0, 1]
 * ```
 */
export const sign = unary('sign', 'numeric');
/**
 * x².
 *
 * ```ts
 * const y = glia.square(glia.tensor([-3, 0.5, 2]));
 * console.log(await y.array()); // [9, 0.25, 4]
 * ```
 */
export const square = unary('square', 'numeric');
/**
 * max(x, 0).
 *
 * ```ts
 * const y = glia.relu(glia.tensor([-1, 0, 2]));
 * console.log(await y.array()); // [0, 0, 2]
 * ```
 */
export const relu = unary('relu', 'numeric');
/**
 * Largest integer <= x.
 *
 * ```ts
 * const y = glia.floor(glia.tensor([-1.5, 0.2, 2.7]));
 * console.log(await y.array()); // [-2, 0, 2]
 * ```
 */
export const floor = unary('floor', 'rounding');
/**
 * Smallest integer >= x.
 *
 * ```ts
 * const y = glia.ceil(glia.tensor([-1.5, 0.2, 2.7]));
 * console.log(await y.array()); // [-1, 1, 3]
 * ```
 */
export const ceil = unary('ceil', 'rounding');
/**
 * Nearest integer, halves to even (`round(2.5) = 2`), as NumPy and TF.
 *
 * ```ts
 * const y = glia.round(glia.tensor([0.5, 1.5, 2.5, -0.7]));
 * console.log(await y.array()); // [0, 2, 2, -1]
 * ```
 */
export const round = unary('round', 'rounding');
/**
 * eˣ.
 *
 * ```ts
 * const y = glia.exp(glia.tensor([0, 1, -1]));
 * console.log(await y.array()); // [1, 2.7183, 0.3679]
 * ```
 */
export const exp = unary('exp', 'float');
/**
 * eˣ - 1, accurate near 0.
 *
 * ```ts
 * const y = glia.expm1(glia.tensor([0, 0.001, 1]));
 * console.log(await y.array()); // [0, 0.0010005, 1.7183]
 * ```
 */
export const expm1 = unary('expm1', 'float');
/**
 * Natural logarithm; log(0) = -Infinity, log(-1) = NaN.
 *
 * ```ts
 * const y = glia.log(glia.tensor([1, 10, 0]));
 * console.log(await y.array()); // [0, 2.3026, -Infinity]
 * ```
 */
export const log = unary('log', 'float');
/**
 * log(1 + x), accurate near 0.
 *
 * ```ts
 * const y = glia.log1p(glia.tensor([0, 1]));
 * console.log(await y.array()); // [0, 0.6931]
 * ```
 */
export const log1p = unary('log1p', 'float');
/**
 * √x.
 *
 * ```ts
 * const y = glia.sqrt(glia.tensor([4, 2, 0]));
 * console.log(await y.array()); // [2, 1.4142, 0]
 * ```
 */
export const sqrt = unary('sqrt', 'float');
/**
 * 1/√x.
 *
 * ```ts
 * const y = glia.rsqrt(glia.tensor([4, 0.25]));
 * console.log(await y.array()); // [0.5, 2]
 * ```
 */
export const rsqrt = unary('rsqrt', 'float');
/**
 * 1/x.
 *
 * ```ts
 * const y = glia.reciprocal(glia.tensor([2, -4, 0.5]));
 * console.log(await y.array()); // [0.5, -0.25, 2]
 * ```
 */
export const reciprocal = unary('reciprocal', 'float');
/**
 * sin x.
 *
 * ```ts
 * const y = glia.sin(glia.tensor([0, Math.PI / 2, 1]));
 * console.log(await y.array()); // [0, 1, 0.8415]
 * ```
 */
export const sin = unary('sin', 'float');
/**
 * cos x.
 *
 * ```ts
 * const y = glia.cos(glia.tensor([0, Math.PI]));
 * console.log(await y.array()); // [1, -1]
 * ```
 */
export const cos = unary('cos', 'float');
/**
 * tanh x.
 *
 * ```ts
 * const y = glia.tanh(glia.tensor([0, 1, -2]));
 * console.log(await y.array()); // [0, 0.7616, -0.9640]
 * ```
 */
export const tanh = unary('tanh', 'float');
/**
 * 1 / (1 + e⁻ˣ), computed without overflow.
 *
 * ```ts
 * const y = glia.sigmoid(glia.tensor([0, 2, -1]));
 * console.log(await y.array()); // [0.5, 0.8808, 0.2689]
 * ```
 */
export const sigmoid = unary('sigmoid', 'float');
/**
 * The Gauss error function.
 *
 * ```ts
 * const y = glia.erf(glia.tensor([0, 0.5, 1]));
 * console.log(await y.array()); // [0, 0.5205, 0.8427]
 * ```
 */
export const erf = unary('erf', 'float');
/**
 * Whether each element is NaN (bool).
 *
 * ```ts
 * const y = glia.isNaN(glia.tensor([1, NaN, Infinity]));
 * console.log(await y.array()); // [false, true, false]
 * ```
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the op's name in TF.js and NumPy
export const isNaN = unary('isNaN', 'test');
/**
 * Whether each element is finite (bool).
 *
 * ```ts
 * const y = glia.isFinite(glia.tensor([1, NaN, Infinity]));
 * console.log(await y.array()); // [true, false, false]
 * ```
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: the op's name in TF.js and NumPy
export const isFinite = unary('isFinite', 'test');
/**
 * Logical not of a bool tensor.
 *
 * ```ts
 * const y = glia.logicalNot(glia.tensor([true, false]));
 * console.log(await y.array()); // [false, true]
 * ```
 */
export const logicalNot = unary('logicalNot', 'bool');
