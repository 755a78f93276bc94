import {
  matMul,
  maximum,
  mul,
  rsqrt,
  ShapeError,
  scalar,
  square,
  sum,
  type Tensor,
  ValueError,
} from '@glia/core';
import type { Field, FieldsOf } from '../../engine/config-schema';
import type { LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { boolField } from '../fields';
import { layerFactory } from '../layer-factory';
import { who } from '../layer-utils';
import { describeShape, Merge } from './merge';

/** `dot()` settings. */
export interface DotArgs extends LayerArgs {
  /** The axis of each input to contract (one for both, or one per input; counted with the batch axis). */
  axes: number | [number, number];
  /** L2-normalize each input along its axis first, so the result is the cosine similarity. */
  normalize?: boolean;
}

/** An axis, or one axis per input (counted with the batch axis). */
const axesField = (): Field<number | [number, number]> => ({
  read: (v, owner, key) => {
    const isAxis = (a: unknown): a is number => Number.isInteger(a);
    if (isAxis(v)) return v;
    if (Array.isArray(v) && v.length === 2 && isAxis(v[0]) && isAxis(v[1])) return [v[0], v[1]];
    throw new ValueError(
      `${owner}: ${key} must be an integer or a pair of integers, got ${JSON.stringify(v)}`,
    );
  },
});

const DOT_FIELDS = { axes: axesField(), normalize: boolField(false) } satisfies FieldsOf<DotArgs>;

/** Keras' l2_normalize: x / sqrt(max(sum(x²), 1e-12)) along `axis`. */
function l2Normalize(x: Tensor, axis: number): Tensor {
  return mul(x, rsqrt(maximum(sum(square(x), axis, true), scalar(1e-12))));
}

/**
 * The dot product of two inputs per example, along `axes` (Keras' `Dot`): for inputs of rank 2,
 * `(None, n)` · `(None, n)` -> `(None, 1)`; for rank 3, `(None, n, m)` · `(None, n, k)` with
 * axes 1 -> `(None, m, k)`.
 */
export class Dot extends Merge<DotArgs> {
  static override readonly className = 'Dot';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = DOT_FIELDS;
  protected override readonly minInputs = 2;
  protected override readonly maxInputs = 2;
  declare readonly axes: number | [number, number];
  declare readonly normalize: boolean;

  /** The contracted axis of each input, non-negative, checked against the ranks. */
  private resolveAxes(
    shapes: readonly SymbolicShape[],
    names: readonly string[],
  ): [number, number] {
    const given = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return [0, 1].map((i) => {
      const rank = shapes[i]!.length;
      if (rank !== 2 && rank !== 3)
        throw new ShapeError(
          `${who(this)}: input ${names[i]} ${describeShape(shapes[i]!)} has rank ${rank}: Dot takes inputs of rank 2 or 3`,
        );
      const a = given[i]! < 0 ? rank + given[i]! : given[i]!;
      if (a < 1 || a >= rank)
        throw new ValueError(
          `${who(this)}: axis ${given[i]} is out of range for input ${names[i]} ${describeShape(shapes[i]!)}: expected an axis after the batch axis`,
        );
      return a;
    }) as [number, number];
  }

  protected mergeShapes(shapes: readonly SymbolicShape[], names: readonly string[]): SymbolicShape {
    const [a, b] = shapes as [SymbolicShape, SymbolicShape];
    if (a.length !== b.length)
      throw new ShapeError(
        `${who(this)}: inputs ${names[0]} ${describeShape(a)} and ${names[1]} ${describeShape(b)} have different ranks: expected the same`,
      );
    const [i, j] = this.resolveAxes(shapes, names);
    if (a[i] !== null && b[j] !== null && a[i] !== b[j])
      throw new ShapeError(
        `${who(this)}: inputs ${names[0]} ${describeShape(a)} and ${names[1]} ${describeShape(b)} differ on the contracted axes (${i} and ${j}): ${a[i]} vs ${b[j]}`,
      );
    const batch = a[0] ?? b[0] ?? null;
    if (a.length === 2) return [batch, 1];
    return [batch, a[3 - i]!, b[3 - j]!];
  }

  protected merge(inputs: readonly Tensor[]): Tensor {
    let [a, b] = inputs as [Tensor, Tensor];
    const [i, j] = this.resolveAxes([[...a.shape], [...b.shape]], ['0', '1']);
    if (this.normalize) {
      a = l2Normalize(a, i);
      b = l2Normalize(b, j);
    }
    if (a.rank === 2) return sum(mul(a, b), 1, true);
    // [batch, m, n] · [batch, n, k]: contract a's axis i and b's axis j through a batched matMul.
    return matMul(a, b, i === 1, j === 2);
  }
}

/** The dot product of two inputs along `axes`. */
export const dot = layerFactory('dot', Dot);
