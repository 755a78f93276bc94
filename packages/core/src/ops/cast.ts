import { runKernel } from '../engine/engine';
import type { Tensor } from '../tensor/tensor';
import type { DType } from '../types';
import { assertDType } from '../util/dtype';
import { defineOp, input, type TensorInput } from './op';

/**
 * Converts to `dtype`: float to int truncates toward zero, nonzero (NaN included) to bool is true.
 *
 * ```ts
 * const y = glia.cast(glia.tensor([1.7, -1.7, 0]), 'int32');
 * console.log(y.dtype, await y.array()); // 'int32' [1, -1, 0]
 * ```
 */
export const cast = defineOp('cast(x, dtype)', (x: TensorInput, dtype: DType): Tensor => {
  const t = input('cast', 'x', x);
  assertDType('cast', dtype);
  if (t.dtype === dtype) return t.clone();
  return runKernel('cast', { x: t }, { dtype });
});

/** @internal casts when needed, else returns `t` itself (for use inside ops). */
export function castTo(t: Tensor, dtype: DType): Tensor {
  return t.dtype === dtype ? t : runKernel('cast', { x: t }, { dtype });
}
