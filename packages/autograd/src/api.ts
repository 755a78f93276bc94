/**
 * The gradient functions. Each runs `f` on a fresh tape, sends the gradient back from its result and
 * frees the tape before returning, also when `f` throws: the caller owns exactly what is returned.
 */
import {
  DTypeError,
  fmtShape,
  GliaError,
  onesLike,
  ShapeError,
  Tensor,
  tidy,
  ValueError,
  zerosLike,
} from '@glia/core';
import { backward, disposeTape, record, startTape, stopTape, withoutRecording } from './tape';
import { listVariables, type Variable } from './variable';

function checkSources(op: string, xs: readonly Tensor[]): void {
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor))
      throw new ValueError(`${op}: input ${i} is ${typeof x}: expected a Tensor`);
    x.assertAlive(op);
    if (x.dtype !== 'float32') {
      throw new DTypeError(
        `${op}: input ${i} has dtype ${x.dtype}: only float32 tensors can be differentiated (cast it to float32, or let f close over it as a constant)`,
      );
    }
  });
}

function checkResult(op: string, y: unknown, dy: Tensor | undefined): asserts y is Tensor {
  if (!(y instanceof Tensor)) {
    throw new GliaError(`${op}: f returned ${y === null ? 'null' : typeof y}: expected a Tensor`);
  }
  if (y.dtype !== 'float32') {
    throw new DTypeError(
      `${op}: f returned a tensor of dtype ${y.dtype}: expected float32 (only float32 results can be differentiated)`,
    );
  }
  if (dy === undefined && y.rank !== 0) {
    throw new ShapeError(
      `${op}: f returned a tensor of shape ${fmtShape(y.shape)}: expected a scalar (shape []); reduce it (sum, mean) or pass dy, the gradient of the result`,
    );
  }
  if (dy !== undefined && (dy.rank !== y.rank || dy.shape.some((d, i) => d !== y.shape[i]))) {
    throw new ShapeError(
      `${op}: dy has shape ${fmtShape(dy.shape)}: expected ${fmtShape(y.shape)}, the shape of f's result`,
    );
  }
}

/**
 * Runs `f` on a tape watching `xs` and returns its value and the gradient of each of `xs`
 * (undefined where `f` did not use it).
 */
function gradients(
  op: string,
  f: () => Tensor,
  xs: readonly Tensor[],
  dy?: Tensor,
): { value: Tensor; grads: (Tensor | undefined)[] } {
  checkSources(op, xs);
  dy?.assertAlive(op);
  const tape = startTape(xs);
  let value: Tensor;
  try {
    // The clone is a step of its own, so the value belongs to the caller even when f returns one
    // of its inputs or a tensor it closes over.
    value = tidy(() => {
      const y: unknown = f();
      checkResult(op, y, dy);
      return y.clone();
    });
  } catch (e) {
    disposeTape(tape);
    throw e;
  }
  stopTape(tape);
  try {
    const grads = tidy(() => {
      const gs = backward(tape, value, dy ?? onesLike(value), xs);
      return gs.map((g) => (g !== undefined && g === dy ? g.clone() : g));
    });
    return { value, grads };
  } catch (e) {
    value.dispose();
    throw e;
  } finally {
    disposeTape(tape);
  }
}

/** The gradients, with zeros for the inputs `f` did not use. */
function orZeros(xs: readonly Tensor[], grads: (Tensor | undefined)[]): Tensor[] {
  return grads.map((g, i) => g ?? zerosLike(xs[i]!));
}

/**
 * The gradient of a scalar function of one tensor: `grad(f)(x)` is df/dx, of x's shape. With `dy`, f
 * may return any shape and the result is the vector-Jacobian product dyᵀ·∂f/∂x.
 *
 * ```ts
 * const dCube = grad((x) => mul(mul(x, x), x));
 * dCube(tensor([1, 2])); // [3, 12]
 * ```
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => {
    const {
      value,
      grads: [g],
    } = gradients('grad', () => f(x), [x], dy);
    value.dispose();
    return orZeros([x], [g])[0]!;
  };
}

/**
 * The gradients of a scalar function of several tensors, one per input, in order.
 *
 * ```ts
 * const [da, db] = grads((a, b) => sum(mul(a, b)))([a, b]); // [b, a]
 * ```
 */
export function grads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => {
    const { value, grads: gs } = gradients('grads', () => f(...xs), xs, dy);
    value.dispose();
    return orZeros(xs, gs);
  };
}

/**
 * Like `grad`, and also returns f's value (one forward pass for both).
 *
 * ```ts
 * const { value: loss, grad: dw } = valueAndGrad((w) => mean(square(sub(matMul(x, w), y))))(w);
 * ```
 */
export function valueAndGrad(
  f: (x: Tensor) => Tensor,
): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const {
      value,
      grads: [g],
    } = gradients('valueAndGrad', () => f(x), [x], dy);
    return { value, grad: orZeros([x], [g])[0]! };
  };
}

/** Like `grads`, and also returns f's value. */
export function valueAndGrads(
  f: (...xs: Tensor[]) => Tensor,
): (xs: readonly Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => {
    const { value, grads: gs } = gradients('valueAndGrads', () => f(...xs), xs, dy);
    return { value, grads: orZeros(xs, gs) };
  };
}

/**
 * The value of the scalar function `f` and its gradient with respect to each trainable variable
 * (`vars`, or every live trainable variable), by variable name. As in TF.js, a variable that `f`
 * did not use has no entry in `grads`, and non-trainable variables are skipped.
 *
 * ```ts
 * const { value: loss, grads } = variableGrads(() => mean(square(sub(predict(x), y))));
 * w.assign(sub(w, mul(grads.w, 0.1)));
 * ```
 */
export function variableGrads(
  f: () => Tensor,
  vars?: readonly Variable[],
): { value: Tensor; grads: Record<string, Tensor> } {
  const candidates = vars ?? listVariables();
  const trainable = candidates.filter((v) => v.trainable);
  if (trainable.length === 0) {
    throw new ValueError(
      `variableGrads: none of the ${candidates.length} variables is trainable: expected at least one trainable variable`,
    );
  }
  const { value, grads: gs } = gradients('variableGrads', f, trainable);
  const named: Record<string, Tensor> = {};
  trainable.forEach((v, i) => {
    const g = gs[i];
    if (g) named[v.name] = g;
  });
  return { value, grads: named };
}

/** What the function given to `customGrad` returns. */
export interface CustomGradient {
  /** The function's value. */
  value: Tensor;
  /** Tensors the gradient needs; they are kept until the backward pass and passed to `gradFunc`. */
  save?: Tensor[];
  /**
   * The gradient of each input given `dy`, the gradient of `value`, in the inputs' order. Written in
   * ops, it is itself differentiable (gradients of gradients).
   */
  gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];
}

/**
 * A function with a gradient of your own: the ops inside `f` are not recorded, and the backward
 * pass calls `gradFunc` instead. Use it for numerical stability or for straight-through estimators.
 *
 * ```ts
 * // log(1 + eˣ) whose gradient is written as the stable sigmoid
 * const softplus = customGrad((x) => {
 *   const value = log1p(exp(x));
 *   return { value, save: [x], gradFunc: (dy, [x]) => mul(dy, sigmoid(x)) };
 * });
 * ```
 */
export function customGrad<A extends Tensor[]>(
  f: (...inputs: A) => CustomGradient,
): (...inputs: A) => Tensor {
  return (...inputs) =>
    tidy(() => {
      const { value, save = [], gradFunc } = withoutRecording(() => f(...inputs));
      if (!(value instanceof Tensor)) {
        throw new GliaError(
          `customGrad: f returned a value of type ${typeof value}: expected { value: Tensor, gradFunc }`,
        );
      }
      record({
        name: 'customGrad',
        inputs: { inputs },
        outputs: [value],
        saved: save,
        gradient: ([dy], held) => ({
          inputs: () => {
            const result = gradFunc(dy!, held.saved);
            const list = Array.isArray(result) ? result : [result];
            if (list.length !== inputs.length) {
              throw new GliaError(
                `customGrad: gradFunc returned ${list.length} gradients for ${inputs.length} inputs: expected one per input`,
              );
            }
            return list;
          },
        }),
      });
      return value;
    });
}

/**
 * The same values as `x`, through which no gradient flows: to every tape, it is a constant.
 *
 * ```ts
 * grad((x) => mul(x, stopGradient(x)))(tensor(3)); // 3, not 6
 * ```
 */
export function stopGradient(x: Tensor): Tensor {
  return withoutRecording(() => x.clone());
}
