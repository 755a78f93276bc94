import { DTypeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { didYouMean } from '../util/names';
import { input, type TensorInput } from './op';
import { describeValue } from './op-form';

/** A value that is no options object, as the error names it: an array with its contents. */
function describe(value: unknown): string {
  return Array.isArray(value) ? `an array ${JSON.stringify(value)}` : describeValue(value);
}

/**
 * Checks an op's options argument: a plain object whose keys are all in `allowed` and that has every
 * key in `required`. `form` is the call form shown in errors, e.g. `conv2d(x, filter, { strides?,
 * padding?, dilations? })`. Positional forms from other libraries (TF.js's `conv2d(x, f, 2, 'same')`)
 * and misspelt keys (`stride`) are errors instead of silently ignored options.
 *
 * ```ts
 * glia.checkOptions('resize', 'resize(x, { size })', { size: 2 }, ['size']); // passes
 * let message = '';
 * try {
 *   glia.checkOptions('resize', 'resize(x, { size })', { sise: 2 }, ['size']);
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * console.log(message); // "resize: unknown option 'sise' (did you mean 'size'?): expected resize(x, { size })"
 * ```
 */
export function checkOptions(
  op: string,
  form: string,
  options: unknown,
  allowed: readonly string[],
  required: readonly string[] = [],
): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(
      `${op}: options must be an object, got ${describe(options)}: expected ${form}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ValueError(
        `${op}: unknown option '${key}'${didYouMean(key, allowed)}: expected ${form}`,
      );
    }
  }
  for (const key of required) {
    if ((options as Record<string, unknown>)[key] === undefined) {
      throw new ValueError(`${op}: missing required option '${key}': expected ${form}`);
    }
  }
}

/**
 * An index argument as an int32 tensor. Plain arrays of integers become int32; a float32 or bool
 * tensor is a `DTypeError` (as TF.js), because truncating `[0.5, 1.7]` to `[0, 1]` hides a bug.
 *
 * ```ts
 * const idx = glia.int32Indices('pick', 'indices', [0, 2]);
 * console.log(idx.dtype, await idx.array()); // 'int32' [0, 2]
 * let message = '';
 * try {
 *   glia.int32Indices('pick', 'indices', [0.5, 1.7]);
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * console.log(message); // "pick: 'indices' holds 0.5: expected int32 indices (integers)"
 * ```
 */
export function int32Indices(op: string, argName: string, indices: TensorInput): Tensor {
  if (typeof indices === 'number' || Array.isArray(indices)) {
    const values = [indices].flat(Infinity as 1) as unknown[];
    const bad = values.find((v) => !Number.isInteger(v));
    if (bad !== undefined)
      throw new DTypeError(
        `${op}: '${argName}' holds ${typeof bad === 'number' ? bad : typeof bad}: expected int32 indices (integers)`,
      );
  }
  const idx = input(op, argName, indices, 'int32');
  if (idx.dtype !== 'int32') {
    throw new DTypeError(
      `${op}: '${argName}' has dtype ${idx.dtype} (shape [${idx.shape.join(',')}]): expected int32 indices, e.g. tensor([0, 2], undefined, 'int32') or cast(x, 'int32')`,
    );
  }
  return idx;
}
