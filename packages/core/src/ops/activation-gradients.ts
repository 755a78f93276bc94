// The elementwise gradients of relu, sigmoid and tanh as ops: autograd's rules call them, and a
// backend may implement each kernel as one pass instead of the three primitives of its composition.
import { runKernel } from '../engine/engine';
import { DTypeError, fmtShape, ShapeError } from '../errors';
import type { Tensor } from '../tensor/tensor';
import { shapesEqual } from '../util/shape';
import { defineOp, input, type TensorInput } from './op';

/** Both operands as float32 tensors of one shape (no broadcasting: dy has the forward output's shape). */
function gradientOperands(
  op: string,
  dy: TensorInput,
  other: TensorInput,
  otherName: 'x' | 'y',
): [Tensor, Tensor] {
  const g = input(op, 'dy', dy, 'float32');
  const t = input(op, otherName, other, 'float32');
  for (const [name, operand] of [
    ['dy', g],
    [otherName, t],
  ] as const) {
    if (operand.dtype !== 'float32')
      throw new DTypeError(`${op}: '${name}' has dtype ${operand.dtype}: expected float32`);
  }
  if (!shapesEqual(g.shape, t.shape))
    throw new ShapeError(
      `${op}: dy has shape ${fmtShape(g.shape)} and ${otherName} has shape ${fmtShape(t.shape)}: expected the same shape`,
    );
  return [g, t];
}

/**
 * The gradient of `relu` at `x`: `dy` where x > 0, else `dy * 0` (0 at x = 0 and for NaN x, as TF).
 *
 * ```ts
 * const dx = glia.reluGrad(glia.tensor([1, 2, 3]), glia.tensor([-1, 0, 5]));
 * console.log(await dx.array()); // [0, 0, 3]
 * ```
 */
export const reluGrad = defineOp('reluGrad(dy, x)', (dy: TensorInput, x: TensorInput): Tensor => {
  const [g, t] = gradientOperands('reluGrad', dy, x, 'x');
  return runKernel('reluGrad', { dy: g, x: t }, {});
});

/**
 * The gradient of `sigmoid` from its output `y = sigmoid(x)`: `dy * y * (1 - y)`.
 *
 * ```ts
 * const dx = glia.sigmoidGrad(glia.tensor([2]), glia.tensor([0.5]));
 * console.log(await dx.array()); // [0.5]
 * ```
 */
export const sigmoidGrad = defineOp(
  'sigmoidGrad(dy, y)',
  (dy: TensorInput, y: TensorInput): Tensor => {
    const [g, t] = gradientOperands('sigmoidGrad', dy, y, 'y');
    return runKernel('sigmoidGrad', { dy: g, y: t }, {});
  },
);

/**
 * The gradient of `tanh` from its output `y = tanh(x)`: `dy * (1 - y²)`.
 *
 * ```ts
 * const dx = glia.tanhGrad(glia.tensor([2]), glia.tensor([0.5]));
 * console.log(await dx.array()); // [1.5]
 * ```
 */
export const tanhGrad = defineOp('tanhGrad(dy, y)', (dy: TensorInput, y: TensorInput): Tensor => {
  const [g, t] = gradientOperands('tanhGrad', dy, y, 'y');
  return runKernel('tanhGrad', { dy: g, y: t }, {});
});
