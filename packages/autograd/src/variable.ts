/**
 * Variables: the trainable state of a model. A `Variable` is a `Tensor` (every op takes it) that no
 * `tidy` frees, that `assign` points at new values in place, and that `variableGrads` finds by itself.
 */
import {
  assignData,
  cast,
  type DType,
  DTypeError,
  fmtShape,
  retain,
  ShapeError,
  Tensor,
  type TensorInput,
  tidy,
  toTensor,
  ValueError,
} from '@glia/core';

const liveVariables = new Map<string, Variable>();
let unnamed = 0;

/** A mutable, named tensor that survives `tidy`; free it with `dispose()`. */
export class Variable extends Tensor {
  /** Unique among live variables; names the variable's gradient in `variableGrads`. */
  readonly name: string;
  /** Whether `variableGrads` differentiates it by default. */
  trainable: boolean;

  /** @internal use `variable()`. */
  constructor(initialValue: Tensor, name: string, trainable: boolean) {
    // The handle's claim on the storage (one live tensor, one reference) passes to the variable,
    // which gives it back in dispose().
    const handle = retain(initialValue);
    super(handle.shape, handle.dtype, handle.record, handle.size);
    this.kept = true;
    this.name = name;
    this.trainable = trainable;
  }

  /**
   * Replaces the value in place (same shape and dtype); the variable keeps its identity, so it keeps
   * its name and its place in any model that holds it.
   *
   * ```ts
   * w.assign(sub(w, mul(dw, 0.1))); // an SGD step
   * ```
   */
  assign(value: TensorInput): void {
    this.assertAlive(`Variable '${this.name}'.assign`);
    tidy(() => {
      const t = toTensor(`Variable '${this.name}'.assign`, 'value', value, this.dtype);
      if (t.dtype !== this.dtype) {
        throw new DTypeError(
          `Variable '${this.name}'.assign: value has dtype ${t.dtype}: expected ${this.dtype}`,
        );
      }
      if (t.shape.length !== this.shape.length || t.shape.some((d, i) => d !== this.shape[i])) {
        throw new ShapeError(
          `Variable '${this.name}'.assign: value has shape ${fmtShape(t.shape)}: expected ${fmtShape(this.shape)}`,
        );
      }
      assignData(this, t);
    });
  }

  /** Frees the variable's storage and its name. */
  override dispose(): void {
    if (!this.isDisposed && liveVariables.get(this.name) === this) liveVariables.delete(this.name);
    super.dispose();
  }
}

/** Options of `variable()`. */
export interface VariableOptions {
  /** Unique among live variables; default `variable0`, `variable1`, ... */
  name?: string;
  /** Default true. */
  trainable?: boolean;
  /** Cast the initial value to this dtype (default: keep it). */
  dtype?: DType;
}

/**
 * A trainable variable holding a copy of `initialValue`'s values (it shares the storage; tensors
 * are immutable, so that is safe).
 *
 * ```ts
 * const w = variable(randomNormal([2, 1], 0, 1, 'float32', 42), { name: 'w' });
 * ```
 */
export function variable(initialValue: TensorInput, options: VariableOptions = {}): Variable {
  const name = options.name ?? nextUnusedName();
  if (liveVariables.has(name)) {
    throw new ValueError(
      `variable: a variable named '${name}' already exists: names must be unique among live variables (dispose the old one first)`,
    );
  }
  const v = tidy(() => {
    const t = toTensor('variable', 'initialValue', initialValue);
    return new Variable(
      options.dtype ? cast(t, options.dtype) : t,
      name,
      options.trainable ?? true,
    );
  });
  liveVariables.set(name, v);
  return v;
}

function nextUnusedName(): string {
  while (liveVariables.has(`variable${unnamed}`)) unnamed++;
  return `variable${unnamed++}`;
}

/** Every live variable, in creation order. */
export function listVariables(): Variable[] {
  return [...liveVariables.values()];
}
