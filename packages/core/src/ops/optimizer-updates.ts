import { runKernel } from '../engine/engine';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { defineOp, input, type TensorInput } from './op';

/** The hyperparameters of one Adam step. */
export interface AdamUpdateOptions {
  /** The step size with the bias corrections folded in: lr·√(1 - β₂ᵗ)/(1 - β₁ᵗ). */
  alpha: number;
  /** Decay of the first moment, in [0, 1). */
  beta1: number;
  /** Decay of the second moment, in [0, 1). */
  beta2: number;
  /** Added to √v', >= 0. */
  epsilon: number;
}

/** The new parameter and moments of one Adam step (a type, so tidy can return it). */
export type AdamUpdateResult = {
  param: Tensor;
  m: Tensor;
  v: Tensor;
};

function checkHyperparameter(name: keyof AdamUpdateOptions, value: number, ok: boolean): void {
  if (typeof value !== 'number' || !ok) {
    const expected =
      name === 'alpha'
        ? 'a finite number'
        : name === 'epsilon'
          ? 'a finite number >= 0'
          : 'a number in [0, 1)';
    throw new ValueError(`adamUpdate: ${name} is ${String(value)}: expected ${expected}`);
  }
}

/**
 * One Adam step on a float32 parameter, as one kernel (Keras 3's form, the one `@glia/optimizers`'
 * `adam` uses): `m' = m + (grad - m)(1 - beta1)`, `v' = v + (grad² - v)(1 - beta2)`,
 * `param' = param - m'·alpha / (√v' + epsilon)`. A backend may fuse it into one pass; the results
 * are those of the separate elementwise ops, bit for bit. Returns new tensors; nothing is assigned.
 *
 * ```ts
 * const { param, m, v } = adamUpdate(w, dw, m0, v0, { alpha: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
 * ```
 */
export const adamUpdate = defineOp(
  'adamUpdate',
  (
    param: TensorInput,
    grad: TensorInput,
    m: TensorInput,
    v: TensorInput,
    options: AdamUpdateOptions,
  ): AdamUpdateResult => {
    const named = { param, grad, m, v };
    const tensors = Object.entries(named).map(([name, x]) => {
      const t = input('adamUpdate', name, x, 'float32');
      if (t.dtype !== 'float32')
        throw new DTypeError(`adamUpdate: ${name} has dtype ${t.dtype}: expected float32`);
      return [name, t] as const;
    });
    const p = tensors[0]![1];
    for (const [name, t] of tensors.slice(1)) {
      if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i]))
        throw new ShapeError(
          `adamUpdate: ${name} has shape ${fmtShape(t.shape)}, param has ${fmtShape(p.shape)}: expected equal shapes`,
        );
    }
    const { alpha, beta1, beta2, epsilon } = options ?? ({} as AdamUpdateOptions);
    checkHyperparameter('alpha', alpha, Number.isFinite(alpha));
    checkHyperparameter('beta1', beta1, beta1 >= 0 && beta1 < 1);
    checkHyperparameter('beta2', beta2, beta2 >= 0 && beta2 < 1);
    checkHyperparameter('epsilon', epsilon, Number.isFinite(epsilon) && epsilon >= 0);
    const [g, m0, v0] = [tensors[1]![1], tensors[2]![1], tensors[3]![1]];
    const [param2, m2, v2] = runKernel(
      'adamUpdate',
      { param: p, grad: g, m: m0, v: v0 },
      { alpha, beta1, beta2, epsilon },
    );
    return { param: param2, m: m2, v: v2 };
  },
);
