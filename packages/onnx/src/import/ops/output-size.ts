import { OnnxImportError } from '../../errors';
import { MAX_TENSOR_ELEMENTS } from '../tensor-data';
import type { OpCall } from '../values';

/** Settings from the file decide these outputs' sizes: bounded before anything is allocated. */
export function checkOutputSize(call: OpCall, dims: readonly number[]): void {
  const count = dims.reduce((a, b) => a * b, 1);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0) || count > MAX_TENSOR_ELEMENTS) {
    throw new OnnxImportError(
      `${call.owner}: output shape [${dims}] is not a shape of at most ${MAX_TENSOR_ELEMENTS} elements`,
    );
  }
}
