// batchMatMul: y = op(a) · op(b) per batch, where op transposes when asked. The four cases are the
// usual ones (TF's MatMul gradient), chosen so that no transpose is materialised.
import { matMul, type Tensor } from '@glia/core';
import type { AnyGradientRule } from '../gradient-registry';

/**
 * The gradients of a and b in y = op(a) · op(b), given y's gradient (a thunk, so a caller can
 * derive it lazily); used by batchMatMul and by fusedMatMul after its activation's gradient.
 */
export function productGradients(
  dy: () => Tensor,
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
): { a: () => Tensor; b: () => Tensor } {
  if (!transposeA && !transposeB) {
    return { a: () => matMul(dy(), b, false, true), b: () => matMul(a, dy(), true, false) };
  }
  if (!transposeA && transposeB) {
    return { a: () => matMul(dy(), b, false, false), b: () => matMul(dy(), a, true, false) };
  }
  if (transposeA && !transposeB) {
    return { a: () => matMul(b, dy(), false, true), b: () => matMul(a, dy(), false, false) };
  }
  return { a: () => matMul(b, dy(), true, true), b: () => matMul(dy(), a, true, true) };
}

export const linalgGradients: AnyGradientRule[] = [
  {
    kernelName: 'batchMatMul',
    gradient: (dy, { inputs: { a, b }, attrs: { transposeA, transposeB } }) =>
      productGradients(() => dy, a, b, transposeA, transposeB),
  },
];
