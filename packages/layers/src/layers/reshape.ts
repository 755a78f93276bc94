import { reshape as reshapeOp, type Tensor, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import { layerFactory } from './layer-factory';
import { who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `reshape()` settings. */
export interface ReshapeArgs extends LayerArgs {
  /** The shape of one example (no batch dimension); one entry may be -1 (or null): inferred. */
  targetShape: (number | null)[];
}

/** Positive integers with at most one -1 (inferred; kept as null). */
const targetShapeField = (): Field<(number | null)[]> => ({
  read: (target, owner, key) => {
    if (
      !Array.isArray(target) ||
      !target.every((d) => d === null || d === -1 || (Number.isInteger(d) && d > 0)) ||
      target.filter((d) => d === null || d === -1).length > 1
    ) {
      throw new ValueError(
        `${owner}: ${key} ${JSON.stringify(target)} must be positive integers, with at most one -1 (inferred)`,
      );
    }
    return target.map((d: number | null) => (d === -1 ? null : d));
  },
});

const RESHAPE_FIELDS = { targetShape: targetShapeField() } satisfies FieldsOf<ReshapeArgs>;

/**
 * Reshapes each example to `targetShape`; the batch dimension stays.
 *
 * ```ts
 * reshape({ targetShape: [28, 28, 1] }); // (None, 784) -> (None, 28, 28, 1)
 * ```
 */
export class Reshape extends WeightlessLayer<ReshapeArgs> {
  static override readonly className = 'Reshape';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RESHAPE_FIELDS;
  /** With null for the inferred dimension, as TF.js saves it. */
  declare readonly targetShape: (number | null)[];

  private resolve(inputShape: readonly (number | null)[]): (number | null)[] {
    const rest = inputShape.slice(1);
    const known = this.targetShape
      .filter((d): d is number => d !== null)
      .reduce((a, b) => a * b, 1);
    if (rest.some((d) => d === null)) return [...this.targetShape];
    const size = (rest as number[]).reduce((a, b) => a * b, 1);
    const inferred = this.targetShape.includes(null);
    if (inferred ? size % known !== 0 : size !== known) {
      throw new ValueError(
        `${who(this)}: cannot reshape input ${formatSymbolicShape([...inputShape])} (${size} values per example) to targetShape ${formatSymbolicShape(this.targetShape)}${inferred ? `: ${size} is not a multiple of ${known}` : ` (${known} values)`}`,
      );
    }
    return this.targetShape.map((d) => d ?? size / known);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape)];
  }

  protected call(input: Tensor): Tensor {
    return reshapeOp(input, [input.shape[0]!, ...(this.resolve(input.shape) as number[])]);
  }
}

/** Reshapes each example (`Reshape`). */
export const reshape = layerFactory('reshape', Reshape);
