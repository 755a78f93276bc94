import { runKernel } from '../engine/engine';
import { ValueError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { castTo } from './cast';
import { defineOp, input, type TensorInput } from './op';

function floatInput(op: string, x: TensorInput): Tensor {
  return castTo(input(op, 'x', x), 'float32');
}

/**
 * min(max(x, 0), 6). Keeps int32, as `relu` (bool becomes int32).
 *
 * ```ts
 * const y = glia.relu6(glia.tensor([-1, 3, 8]));
 * console.log(await y.array()); // [0, 3, 6]
 * ```
 */
export const relu6 = defineOp('relu6(x)', (x: TensorInput): Tensor => {
  const t = input('relu6', 'x', x);
  if (t.dtype === 'float32') return runKernel('relu6', { x: t }, {});
  return runKernel('clipByValue', { x: castTo(t, 'int32') }, { min: 0, max: 6 });
});

/**
 * x for x > 0, alpha * x otherwise (alpha defaults to 0.2, as in TF.js and Keras' LeakyReLU layer).
 *
 * ```ts
 * const x = glia.tensor([-1, 2]);
 * console.log(await glia.leakyRelu(x).array()); // [-0.2, 2]
 * console.log(await glia.leakyRelu(x, 0.1).array()); // [-0.1, 2]
 * ```
 */
export const leakyRelu = defineOp(
  'leakyRelu(x, alpha?)',
  (x: TensorInput, alpha: number = 0.2): Tensor => {
    if (!Number.isFinite(alpha))
      throw new ValueError(`leakyRelu: alpha must be finite, got ${alpha}`);
    return runKernel('leakyRelu', { x: floatInput('leakyRelu', x) }, { alpha });
  },
);

/**
 * x for x > 0, eˣ - 1 otherwise.
 *
 * ```ts
 * const y = glia.elu(glia.tensor([-1, 0, 2]));
 * console.log(await y.array()); // [-0.6321, 0, 2]
 * ```
 */
export const elu = defineOp(
  'elu(x)',
  (x: TensorInput): Tensor => runKernel('elu', { x: floatInput('elu', x) }, {}),
);

/**
 * Scaled ELU with the constants of Klambauer et al. (scale 1.0507..., alpha 1.6732...).
 *
 * ```ts
 * const y = glia.selu(glia.tensor([-1, 0, 1]));
 * console.log(await y.array()); // [-1.1113, 0, 1.0507]
 * ```
 */
export const selu = defineOp(
  'selu(x)',
  (x: TensorInput): Tensor => runKernel('selu', { x: floatInput('selu', x) }, {}),
);

/**
 * x·Φ(x) (exact, with erf) or its tanh approximation when `approximate`.
 *
 * ```ts
 * const x = glia.tensor([-1, 0, 1]);
 * console.log(await glia.gelu(x).array()); // [-0.1587, 0, 0.8413]
 * console.log(await glia.gelu(x, true).array()); // [-0.1588, 0, 0.8412]
 * ```
 */
export const gelu = defineOp(
  'gelu(x, approximate?)',
  (x: TensorInput, approximate: boolean = false): Tensor =>
    runKernel('gelu', { x: floatInput('gelu', x) }, { approximate }),
);

/**
 * log(1 + eˣ), computed without overflow.
 *
 * ```ts
 * const y = glia.softplus(glia.tensor([0, 1]));
 * console.log(await y.array()); // [0.6931, 1.3133]
 * ```
 */
export const softplus = defineOp(
  'softplus(x)',
  (x: TensorInput): Tensor => runKernel('softplus', { x: floatInput('softplus', x) }, {}),
);

/**
 * Clamps every element into [min, max]; NaN stays NaN. Keeps int32.
 *
 * ```ts
 * const y = glia.clipByValue(glia.tensor([-2, 0.5, 3]), 0, 1);
 * console.log(await y.array()); // [0, 0.5, 1]
 * ```
 */
export const clipByValue = defineOp(
  'clipByValue(x, min, max)',
  (x: TensorInput, min: number, max: number): Tensor => {
    let t = input('clipByValue', 'x', x);
    if (!(min <= max)) throw new ValueError(`clipByValue: min ${min} must be <= max ${max}`);
    if (t.dtype === 'bool') t = castTo(t, 'int32');
    return runKernel('clipByValue', { x: t }, { min, max });
  },
);
