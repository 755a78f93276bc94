/** Merge layers that combine same-shaped inputs element by element (with broadcasting of 1s). */
import * as ops from '@glia/core';
import { div, mul, ShapeError, scalar, sub, type Tensor } from '@glia/core';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { layerFactory } from '../layer-factory';
import { who } from '../layer-utils';
import { describeShape, Merge } from './merge';

/**
 * The common shape of element-wise inputs: equal ranks, and per dimension equal sizes, or 1 (which
 * broadcasts), or None.
 */
function elementwiseShape(
  owner: string,
  shapes: readonly SymbolicShape[],
  names: readonly string[],
): SymbolicShape {
  const out = [...shapes[0]!];
  for (let i = 1; i < shapes.length; i++) {
    const shape = shapes[i]!;
    const clash = (): ShapeError =>
      new ShapeError(
        `${owner}: inputs ${names[0]} ${describeShape(shapes[0]!)} and ${names[i]} ${describeShape(shape)} have incompatible shapes: expected the same shape (a dimension may be 1 to broadcast)`,
      );
    if (shape.length !== out.length) throw clash();
    shape.forEach((d, j) => {
      const o = out[j]!;
      if (o === null || d === null) out[j] = o === 1 ? d : d === 1 ? o : (o ?? d);
      else if (o === 1) out[j] = d;
      else if (d !== 1 && d !== o) throw clash();
    });
  }
  return out;
}

/** An element-wise merge: `combine` folds the inputs in order. */
abstract class ElementwiseMerge extends Merge {
  /** No fields of its own (see engine/config-schema.ts): only the options every layer takes. */
  static readonly fields = {};

  protected abstract combine(inputs: readonly Tensor[]): Tensor;

  protected mergeShapes(shapes: readonly SymbolicShape[], names: readonly string[]): SymbolicShape {
    return elementwiseShape(who(this), shapes, names);
  }

  protected merge(inputs: readonly Tensor[]): Tensor {
    return this.combine(inputs);
  }
}

/** Folds the inputs in order with a binary op. */
const folding =
  (op: (a: Tensor, b: Tensor) => Tensor) =>
  (inputs: readonly Tensor[]): Tensor =>
    inputs.slice(1).reduce((acc, t) => op(acc, t), inputs[0]!);

/** The sum of its inputs (Keras' `Add`), e.g. a residual connection: `add().apply([x, f(x)])`. */
export class Add extends ElementwiseMerge {
  static override readonly className = 'Add';
  protected readonly combine = folding(ops.add);
}

/** Sums its inputs: `add().apply([a, b])`. */
export const add = layerFactory('add', Add);

/** The first input minus the second (Keras' `Subtract`: exactly two inputs). */
export class Subtract extends ElementwiseMerge {
  static override readonly className = 'Subtract';
  protected override readonly minInputs = 2;
  protected override readonly maxInputs = 2;
  protected combine(inputs: readonly Tensor[]): Tensor {
    return sub(inputs[0]!, inputs[1]!);
  }
}

/** The first input minus the second. */
export const subtract = layerFactory('subtract', Subtract);

/** The element-wise product of its inputs (Keras' `Multiply`). */
export class Multiply extends ElementwiseMerge {
  static override readonly className = 'Multiply';
  protected readonly combine = folding(mul);
}

/** The element-wise product of its inputs. */
export const multiply = layerFactory('multiply', Multiply);

/** The element-wise mean of its inputs (Keras' `Average`). */
export class Average extends ElementwiseMerge {
  static override readonly className = 'Average';
  protected combine(inputs: readonly Tensor[]): Tensor {
    return div(folding(ops.add)(inputs), scalar(inputs.length));
  }
}

/** The element-wise mean of its inputs. */
export const average = layerFactory('average', Average);

/** The element-wise maximum of its inputs (Keras' `Maximum`). */
export class Maximum extends ElementwiseMerge {
  static override readonly className = 'Maximum';
  protected readonly combine = folding(ops.maximum);
}

/** The element-wise maximum of its inputs. */
export const maximum = layerFactory('maximum', Maximum);

/** The element-wise minimum of its inputs (Keras' `Minimum`). */
export class Minimum extends ElementwiseMerge {
  static override readonly className = 'Minimum';
  protected readonly combine = folding(ops.minimum);
}

/** The element-wise minimum of its inputs. */
export const minimum = layerFactory('minimum', Minimum);
