import { type TensorContainer, tidy } from '../engine/engine';
import { ValueError } from '../errors';
import { toTensor } from '../tensor/create';
import type { Tensor } from '../tensor/tensor';
import type { DType, TensorLike } from '../types';

/**
 * An op's call form, for ops that check their argument count: trailing positional arguments from
 * another library's form (`conv2d(x, f, { strides: 2 }, 'same')`) are an error, not dropped.
 */
export interface OpForm {
  /** The most arguments the op takes. */
  maxArgs: number;
  /** The call form shown in the error, e.g. `conv2d(x, filter, { strides?, padding?, dilations? })`. */
  usage: string;
}

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
  form?: OpForm,
): (...args: A) => R {
  const wrapped = (...args: A): R => {
    if (form !== undefined) checkArgCount(name, form.usage, args.length, form.maxArgs);
    return tidy(name, () => body(...args));
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

/** Converts an op argument to a tensor (see `toTensor`). */
export function input(op: string, argName: string, x: TensorInput, dtypeHint?: DType): Tensor {
  return toTensor(op, argName, x, dtypeHint);
}

/** Throws when an op got more than `max` arguments. */
function checkArgCount(op: string, usage: string, count: number, max: number): void {
  if (count > max)
    throw new ValueError(`${op}: got ${count} arguments, expected at most ${max}: ${usage}`);
}
