import { type TensorContainer, tidy } from '../engine/engine';
import { toTensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';
import type { DType, TensorLike } from '../types';

/** What ops accept for a tensor argument. */
export type TensorInput = Tensor | TensorLike;

/**
 * Wraps an op body in a tidy scope named after the op, so temporaries it makes (converted inputs,
 * casts) are freed and only its outputs remain: each op adds exactly its outputs to `numTensors`.
 *
 * ```ts
 * const addOne = glia.defineOp('addOne', (x: glia.TensorInput) => glia.add(x, 1));
 * const before = glia.memory().numTensors;
 * const y = addOne([1, 2]); // the tensors made from [1, 2] and 1 are freed; only y remains
 * console.log(await y.array(), glia.memory().numTensors - before); // [2, 3] 1
 * ```
 */
export function defineOp<A extends unknown[], R extends TensorContainer>(
  name: string,
  body: (...args: A) => R,
): (...args: A) => R {
  const wrapped = (...args: A): R => tidy(name, () => body(...args));
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

/** Converts an op argument to a tensor (see `toTensor`). */
export function input(op: string, argName: string, x: TensorInput, dtypeHint?: DType): Tensor {
  return toTensor(op, argName, x, dtypeHint);
}
