import { runKernel } from '../../engine/engine';
import { DTypeError, fmtShape, ShapeError, ValueError } from '../../errors';
import type { FusedActivation } from '../../kernels/kernel-table';
import type { Tensor } from '../../tensor/tensor';
import { castTo } from '../cast';
import { checkOptions } from '../check-args';
import { defineOp, input, type TensorInput } from '../op';
import { type Conv2dOptions, conv2dOperands } from './conv2d';

/** What `fusedConv2d` and `fusedMatMul` take beyond their operands. */
export interface FusedOptions {
  /** Applied after the bias: 'linear' (none, the default) or 'relu'. */
  activation?: FusedActivation;
}

const ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu'];

function activationOf(op: string, options: FusedOptions): FusedActivation {
  const activation = options.activation ?? 'linear';
  if (!ACTIVATIONS.includes(activation))
    throw new ValueError(
      `${op}: activation '${String(activation)}': expected one of ${ACTIVATIONS.join(', ')}`,
    );
  return activation;
}

/** The bias as a float32 vector of `size` (the output's last dimension). */
function biasVector(op: string, bias: TensorInput, size: number): Tensor {
  const b = input(op, 'bias', bias);
  if (b.dtype === 'bool') throw new DTypeError(`${op}: bias has dtype bool: expected float32`);
  if (b.rank !== 1 || b.shape[0] !== size)
    throw new ShapeError(
      `${op}: bias has shape ${fmtShape(b.shape)}: expected [${size}], one value per output channel`,
    );
  return castTo(b, 'float32');
}

/**
 * `activation(conv2d(x, filter) + bias)` as one kernel (TF.js's `fused.conv2d`): the same values as
 * the three ops, with one pass over the output where the backend fuses it. `bias` is
 * [outChannels]; the gradient flows to x, filter and bias.
 *
 * ```ts
 * const x = glia.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
 * const bias = glia.tensor([-20]);
 * const y = glia.fusedConv2d(x, glia.ones([2, 2, 1, 1]), bias, { activation: 'relu' });
 * console.log(await y.data()); // [0, 0, 4, 8]
 * ```
 */
export const fusedConv2d = defineOp(
  'fusedConv2d(x, filter, bias, { strides?, padding?, dilations?, activation? })',
  (
    x: TensorInput,
    filter: TensorInput,
    bias: TensorInput,
    options: Conv2dOptions & FusedOptions = {},
  ): Tensor => {
    const { xs, w, attrs, unbatched } = conv2dOperands('fusedConv2d', x, filter, options, [
      'activation',
    ]);
    const b = biasVector('fusedConv2d', bias, w.shape[3]!);
    const activation = activationOf('fusedConv2d', options);
    const out = runKernel('fusedConv2d', { x: xs, filter: w, bias: b }, { ...attrs, activation });
    return unbatched ? runKernel('reshape', { x: out }, { shape: out.shape.slice(1) }) : out;
  },
);

/**
 * `activation(matMul(a, b, transposeA, transposeB) + bias)` for matrices, as one kernel (TF.js's
 * `fused.matMul`): a dense layer's forward pass. `bias` is [n], n the product's columns.
 *
 * ```ts
 * const x = glia.tensor([[1, 2]]);
 * const kernel = glia.tensor([[1, -1], [1, -1]]);
 * const y = glia.fusedMatMul(x, kernel, glia.tensor([1, 1]), { activation: 'relu' });
 * console.log(await y.array()); // [[4, 0]]
 * ```
 */
export const fusedMatMul = defineOp(
  'fusedMatMul(a, b, bias, { transposeA?, transposeB?, activation? })',
  (
    a: TensorInput,
    b: TensorInput,
    bias: TensorInput,
    options: FusedOptions & { transposeA?: boolean; transposeB?: boolean } = {},
  ): Tensor => {
    checkOptions(
      'fusedMatMul',
      'fusedMatMul(a, b, bias, { transposeA?, transposeB?, activation? })',
      options,
      ['transposeA', 'transposeB', 'activation'],
    );
    const operand = (name: string, t: TensorInput): Tensor => {
      const m = input('fusedMatMul', name, t);
      if (m.dtype === 'bool')
        throw new DTypeError(`fusedMatMul: ${name} has dtype bool: expected float32`);
      if (m.rank !== 2)
        throw new ShapeError(
          `fusedMatMul: ${name} has shape ${fmtShape(m.shape)}: expected a matrix (rank 2)`,
        );
      return castTo(m, 'float32');
    };
    const ta = operand('a', a);
    const tb = operand('b', b);
    const transposeA = options.transposeA ?? false;
    const transposeB = options.transposeB ?? false;
    const k1 = ta.shape[transposeA ? 0 : 1]!;
    const k2 = tb.shape[transposeB ? 1 : 0]!;
    if (k1 !== k2)
      throw new ShapeError(
        `fusedMatMul: inner dimensions differ: a is ${fmtShape(ta.shape)}${transposeA ? ' (transposed)' : ''}, b is ${fmtShape(tb.shape)}${transposeB ? ' (transposed)' : ''}: ${k1} vs ${k2}`,
      );
    const bv = biasVector('fusedMatMul', bias, tb.shape[transposeB ? 0 : 1]!);
    const activation = activationOf('fusedMatMul', options);
    return runKernel(
      'fusedMatMul',
      { a: ta, b: tb, bias: bv },
      { transposeA, transposeB, activation },
    );
  },
);
