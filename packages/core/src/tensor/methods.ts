/**
 * Chained tensor methods, as TF.js has them: `x.reshape([2, 3]).sum(1)` is `sum(reshape(x, [2, 3]),
 * 1)`. One list names the ops; the methods' types and the prototype both come from it, so a method
 * cannot drift from its op. `tensor.ts` imports nothing from here (the ops import it): the methods
 * are installed on the prototype from here (by the package index), and their types are merged into
 * the class by the module augmentation below.
 */
import { add, div, mul, sub } from '../ops/binary';
import { cast } from '../ops/cast';
import { gather } from '../ops/gather';
import { matMul } from '../ops/matmul';
import type { TensorInput } from '../ops/op';
import { argMax, argMin, max, mean, min, sum } from '../ops/reduce';
import { expandDims, flatten, reshape, squeeze } from '../ops/reshape';
import { slice } from '../ops/slice';
import { softmax } from '../ops/softmax';
import { transpose } from '../ops/transpose';
import { abs, exp, log, relu, sigmoid, sqrt, square, tanh } from '../ops/unary';
import type { DType } from '../types';
import { Tensor } from './tensor';

/**
 * The ops that are also methods of every tensor, the tensor passed as their first argument.
 * (`clone` is a method of the class itself.)
 */
export const TENSOR_METHOD_OPS = {
  reshape,
  transpose,
  add,
  sub,
  mul,
  div,
  matMul,
  sum,
  mean,
  max,
  min,
  argMax,
  argMin,
  expandDims,
  squeeze,
  cast,
  flatten,
  slice,
  gather,
  abs,
  exp,
  log,
  sqrt,
  square,
  relu,
  sigmoid,
  tanh,
  softmax,
} as const;

/** An op `(x, ...rest) => R` as the method `(...rest) => R` of `x`. */
type MethodOf<F> = F extends (x: TensorInput, ...rest: infer A) => infer R
  ? (...args: A) => R
  : never;

/** The chained methods, typed from their ops (each documented where its op is). */
export type TensorMethods = {
  readonly [K in keyof typeof TENSOR_METHOD_OPS]: MethodOf<(typeof TENSOR_METHOD_OPS)[K]>;
};

declare module './tensor' {
  /**
   * The chained ops, from one list (`TENSOR_METHOD_OPS` in methods.ts): `x.reshape([2, 2])` is
   * `reshape(x, [2, 2])`.
   *
   * ```ts
   * const t = tensor([[1, -2], [3, -4]]);
   * t.abs().sum(1).print(); // [3, 7]
   * ```
   */
  interface Tensor<D extends DType = DType> extends TensorMethods {}
}

let installed = false;

/** Adds the chained methods to `Tensor.prototype` (idempotent; the package index calls it). */
export function installTensorMethods(): void {
  if (installed) return;
  installed = true;
  for (const [name, op] of Object.entries(TENSOR_METHOD_OPS)) {
    const call = op as (x: Tensor, ...rest: unknown[]) => unknown;
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: Tensor, ...rest: unknown[]) {
        return call(this, ...rest);
      },
      writable: true,
      configurable: true,
    });
  }
}
