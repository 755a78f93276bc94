import { runKernel } from '../engine/engine';
import { DTypeError } from '../errors';
import type { BinaryKernelName } from '../kernels/kernel-table';
import type { Tensor } from '../tensor/tensor';
import type { DType } from '../types';
import { arithmeticDType, upcastDType } from '../util/dtype';
import { broadcastShapes } from '../util/shape';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';

type BinaryKernel = BinaryKernelName | 'squaredDifference';

/**
 * How a binary op treats dtypes. 'numeric': both operands are promoted (bool < int32 < float32, bools
 * become int32). 'float': computed in float32. 'compare': promoted, result bool. 'bool': bool only.
 */
type BinaryPolicy = 'numeric' | 'float' | 'compare' | 'bool';

/** Converts and promotes both operands; a plain number takes the other operand's dtype. */
export function binaryOperands(
  op: string,
  a: TensorInput,
  b: TensorInput,
  policy: BinaryPolicy,
): [Tensor, Tensor] {
  const aIsTensor = typeof a === 'object' && a !== null && 'dtype' in a;
  const bIsTensor = typeof b === 'object' && b !== null && 'dtype' in b;
  let ta = input(op, 'a', a, bIsTensor && !aIsTensor ? (b as Tensor).dtype : undefined);
  let tb = input(op, 'b', b, aIsTensor && !bIsTensor ? ta.dtype : undefined);
  broadcastShapes(op, ta.shape, tb.shape);
  if (policy === 'bool') {
    if (ta.dtype !== 'bool' || tb.dtype !== 'bool') {
      throw new DTypeError(
        `${op}: operands have dtypes ${ta.dtype} and ${tb.dtype}: expected bool and bool`,
      );
    }
    return [ta, tb];
  }
  let dtype: DType =
    policy === 'numeric' ? arithmeticDType(ta.dtype, tb.dtype) : upcastDType(ta.dtype, tb.dtype);
  if (policy === 'float') dtype = 'float32';
  ta = castTo(ta, dtype);
  tb = castTo(tb, dtype);
  return [ta, tb];
}

function binary(
  kernel: BinaryKernel,
  policy: BinaryPolicy,
): (a: TensorInput, b: TensorInput) => Tensor {
  return defineOp(kernel, (a: TensorInput, b: TensorInput): Tensor => {
    const [ta, tb] = binaryOperands(kernel, a, b, policy);
    return runKernel(kernel, { a: ta, b: tb }, {});
  });
}

/** a + b, broadcasting. `add(x, 1)` takes x's dtype for the 1. */
export const add = binary('add', 'numeric');
/** a - b. */
export const sub = binary('sub', 'numeric');
/** a * b. */
export const mul = binary('mul', 'numeric');
/** a / b in float32 (ints are converted, as NumPy's true division). */
export const div = binary('div', 'float');
/** floor(a / b); int32 stays int32 (division by zero gives 0 for int32). */
export const floorDiv = binary('floorDiv', 'numeric');
/** Remainder with the sign of b, as Python's %. */
export const mod = binary('mod', 'numeric');
/** aᵇ. */
export const pow = binary('pow', 'numeric');
/** Elementwise maximum; NaN propagates. */
export const maximum = binary('maximum', 'numeric');
/** Elementwise minimum; NaN propagates. */
export const minimum = binary('minimum', 'numeric');
/** (a - b)². */
export const squaredDifference = binary('squaredDifference', 'numeric');
/** a == b (bool). */
export const equal = binary('equal', 'compare');
/** a != b (bool). */
export const notEqual = binary('notEqual', 'compare');
/** a < b (bool). */
export const less = binary('less', 'compare');
/** a <= b (bool). */
export const lessEqual = binary('lessEqual', 'compare');
/** a > b (bool). */
export const greater = binary('greater', 'compare');
/** a >= b (bool). */
export const greaterEqual = binary('greaterEqual', 'compare');
/** a && b on bool tensors. */
export const logicalAnd = binary('logicalAnd', 'bool');
/** a || b on bool tensors. */
export const logicalOr = binary('logicalOr', 'bool');
