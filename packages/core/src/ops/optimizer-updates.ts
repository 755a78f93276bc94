import { runKernel } from '../engine/engine';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { shapesEqual } from '../util/shape';
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

function checkHyperparameter(
  name: keyof AdamUpdateOptions,
  value: number,
  ok: boolean,
  expected: string,
): void {
  if (typeof value !== 'number' || !ok)
    throw new ValueError(`adamUpdate: ${name} is ${String(value)}: expected ${expected}`);
}

/**
 * One Adam step on a float32 parameter, as one kernel (Keras 3's form, the one `@glia/optimizers`'
 * `adam` uses): `m' = m + (grad - m)(1 - beta1)`, `v' = v + (grad² - v)(1 - beta2)`,
 * `param' = param - m'·alpha / (√v' + epsilon)`. A backend may fuse it into one pass; the results
 * are those of the separate elementwise ops, bit for bit. Returns new tensors; nothing is assigned.
 *
 * ```ts
 * const opts = { alpha: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0 };
 * const { param, m, v } = glia.adamUpdate([1], [0.5], [0], [0], opts);
 * console.log(await param.array(), await m.array(), await v.array()); // [0.6838] [0.05] [0.00025]
 * ```
 */
export const adamUpdate = defineOp(
  'adamUpdate(param, grad, m, v, { alpha, beta1, beta2, epsilon })',
  (
    param: TensorInput,
    grad: TensorInput,
    m: TensorInput,
    v: TensorInput,
    options: AdamUpdateOptions,
  ): AdamUpdateResult => {
    const operand = (name: string, x: TensorInput): Tensor => {
      const t = input('adamUpdate', name, x, 'float32');
      if (t.dtype !== 'float32')
        throw new DTypeError(`adamUpdate: ${name} has dtype ${t.dtype}: expected float32`);
      return t;
    };
    const p = operand('param', param);
    const g = operand('grad', grad);
    const m0 = operand('m', m);
    const v0 = operand('v', v);
    for (const [name, t] of [
      ['grad', g],
      ['m', m0],
      ['v', v0],
    ] as const) {
      if (!shapesEqual(t.shape, p.shape))
        throw new ShapeError(
          `adamUpdate: ${name} has shape ${fmtShape(t.shape)}, param has ${fmtShape(p.shape)}: expected equal shapes`,
        );
    }
    const { alpha, beta1, beta2, epsilon } = options ?? ({} as AdamUpdateOptions);
    checkHyperparameter('alpha', alpha, Number.isFinite(alpha), 'a finite number');
    checkHyperparameter('beta1', beta1, beta1 >= 0 && beta1 < 1, 'a number in [0, 1)');
    checkHyperparameter('beta2', beta2, beta2 >= 0 && beta2 < 1, 'a number in [0, 1)');
    checkHyperparameter(
      'epsilon',
      epsilon,
      Number.isFinite(epsilon) && epsilon >= 0,
      'a finite number >= 0',
    );
    const [param2, m2, v2] = runKernel(
      'adamUpdate',
      { param: p, grad: g, m: m0, v: v0 },
      { alpha, beta1, beta2, epsilon },
    );
    return { param: param2, m: m2, v: v2 };
  },
);
