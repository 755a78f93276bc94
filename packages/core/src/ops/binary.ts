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

/**
 * Converts and promotes both operands; a plain number takes the other operand's dtype.
 *
 * ```ts
 * const i = glia.tensor([1, 2], undefined, 'int32');
 * const [a, b] = glia.binaryOperands('add', i, glia.tensor([0.5]), 'numeric');
 * console.log(a.dtype, b.dtype); // 'float32' 'float32'
 * ```
 */
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
  return defineOp(`${kernel}(a, b)`, (a: TensorInput, b: TensorInput): Tensor => {
    const [ta, tb] = binaryOperands(kernel, a, b, policy);
    return runKernel(kernel, { a: ta, b: tb }, {});
  });
}

/**
 * a + b, broadcasting. `add(x, 1)` takes x's dtype for the 1.
 *
 * ```ts
 * const y = glia.add(glia.tensor([1, 2, 3]), glia.tensor([10, 20, 30]));
 * console.log(await y.array()); // [11, 22, 33]
 * console.log(await glia.add(y, 1).array()); // [12, 23, 34]
 * ```
 */
export const add = binary('add', 'numeric');
/**
 * a - b.
 *
 * ```ts
 * const y = glia.sub(glia.tensor([5, 3]), glia.tensor([1, 4]));
 * console.log(await y.array()); // [4, -1]
 * ```
 */
export const sub = binary('sub', 'numeric');
/**
 * a * b.
 *
 * ```ts
 * const y = glia.mul(glia.tensor([[1, 2], [3, 4]]), glia.tensor([10, 100]));
 * console.log(await y.array()); // [[10, 200], [30, 400]]
 * ```
 */
export const mul = binary('mul', 'numeric');
/**
 * a / b in float32 (ints are converted, as NumPy's true division).
 *
 * ```ts
 * const y = glia.div(glia.tensor([7, -7], undefined, 'int32'), 2);
 * console.log(y.dtype, await y.array()); // 'float32' [3.5, -3.5]
 * ```
 */
export const div = binary('div', 'float');
/**
 * floor(a / b); int32 stays int32 (division by zero gives 0 for int32).
 *
 * ```ts
 * const y = glia.floorDiv(glia.tensor([7, -7], undefined, 'int32'), 2);
 * console.log(y.dtype, await y.array()); // 'int32' [3, -4]
 * ```
 */
export const floorDiv = binary('floorDiv', 'numeric');
/**
 * Remainder with the sign of b, as Python's %.
 *
 * ```ts
 * const y = glia.mod(glia.tensor([5, -5, 5]), glia.tensor([3, 3, -3]));
 * console.log(await y.array()); // [2, 1, -1]
 * ```
 */
export const mod = binary('mod', 'numeric');
/**
 * aᵇ.
 *
 * ```ts
 * const y = glia.pow(glia.tensor([2, 3, 4]), glia.tensor([3, 2, 0.5]));
 * console.log(await y.array()); // [8, 9, 2]
 * ```
 */
export const pow = binary('pow', 'numeric');
/**
 * Elementwise maximum; NaN propagates.
 *
 * ```ts
 * const y = glia.maximum(glia.tensor([1, 5, 3]), glia.tensor([4, 2, 3]));
 * console.log(await y.array()); // [4, 5, 3]
 * ```
 */
export const maximum = binary('maximum', 'numeric');
/**
 * Elementwise minimum; NaN propagates.
 *
 * ```ts
 * const y = glia.minimum(glia.tensor([1, 5, 3]), glia.tensor([4, 2, 3]));
 * console.log(await y.array()); // [1, 2, 3]
 * ```
 */
export const minimum = binary('minimum', 'numeric');
/**
 * (a - b)².
 *
 * ```ts
 * const y = glia.squaredDifference(glia.tensor([1, 5]), glia.tensor([3, 2]));
 * console.log(await y.array()); // [4, 9]
 * ```
 */
export const squaredDifference = binary('squaredDifference', 'numeric');
/**
 * a == b (bool).
 *
 * ```ts
 * const y = glia.equal(glia.tensor([1, 2, 3]), glia.tensor([1, 0, 3]));
 * console.log(await y.array()); // [true, false, true]
 * ```
 */
export const equal = binary('equal', 'compare');
/**
 * a != b (bool).
 *
 * ```ts
 * const y = glia.notEqual(glia.tensor([1, 2, 3]), glia.tensor([1, 0, 3]));
 * console.log(await y.array()); // [false, true, false]
 * ```
 */
export const notEqual = binary('notEqual', 'compare');
/**
 * a < b (bool).
 *
 * ```ts
 * const y = glia.less(glia.tensor([1, 2, 3]), 2);
 * console.log(await y.array()); // [true, false, false]
 * ```
 */
export const less = binary('less', 'compare');
/**
 * a <= b (bool).
 *
 * ```ts
 * const y = glia.lessEqual(glia.tensor([1, 2, 3]), 2);
 * console.log(await y.array()); // [true, true, false]
 * ```
 */
export const lessEqual = binary('lessEqual', 'compare');
/**
 * a > b (bool).
 *
 * ```ts
 * const y = glia.greater(glia.tensor([1, 2, 3]), 2);
 * console.log(await y.array()); // [false, false, true]
 * ```
 */
export const greater = binary('greater', 'compare');
/**
 * a >= b (bool).
 *
 * ```ts
 * const y = glia.greaterEqual(glia.tensor([1, 2, 3]), 2);
 * console.log(await y.array()); // [false, true, true]
 * ```
 */
export const greaterEqual = binary('greaterEqual', 'compare');
/**
 * a && b on bool tensors.
 *
 * ```ts
 * const y = glia.logicalAnd(glia.tensor([true, true, false]), glia.tensor([true, false, false]));
 * console.log(await y.array()); // [true, false, false]
 * ```
 */
export const logicalAnd = binary('logicalAnd', 'bool');
/**
 * a || b on bool tensors.
 *
 * ```ts
 * const y = glia.logicalOr(glia.tensor([true, true, false]), glia.tensor([true, false, false]));
 * console.log(await y.array()); // [true, true, false]
 * ```
 */
export const logicalOr = binary('logicalOr', 'bool');
