import { type TensorContainer, tidy } from '../engine/engine';
import { toTensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';
import type { DType, TensorLike } from '../types';
import { withForm } from './op-form';

/** What ops accept for a tensor argument. */
export type TensorInput = Tensor | TensorLike;

/**
 * Defines an op from its usage string and body. The usage (`name(a, b?, { key? })`) is the op's
 * call form: calls with more arguments than it lists, without a required one, or with an argument
 * of the wrong kind (a string where a tensor goes, an options object where an axis goes) throw a
 * `ValueError` naming the op and the form. The body runs in a tidy scope named after the op, so
 * temporaries it makes (converted inputs, casts) are freed and only its outputs remain: each op adds
 * exactly its outputs to `numTensors`.
 *
 * ```ts
 * const addOne = glia.defineOp('addOne(x)', (x: glia.TensorInput) => glia.add(x, 1));
 * const before = glia.memory().numTensors;
 * const y = addOne([1, 2]); // the tensors made from [1, 2] and 1 are freed; only y remains
 * console.log(await y.array(), glia.memory().numTensors - before); // [2, 3] 1
 * ```
 */
export function defineOp<A extends unknown[], R extends TensorContainer>(
  usage: string,
  body: (...args: A) => R,
): (...args: A) => R {
  return withForm(usage, body, (name, call) => tidy(name, call));
}

/** Converts an op argument to a tensor (see `toTensor`). */
export function input(op: string, argName: string, x: TensorInput, dtypeHint?: DType): Tensor {
  return toTensor(op, argName, x, dtypeHint);
}
