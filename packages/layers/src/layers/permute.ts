import { type Tensor, transpose, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import { layerFactory } from './layer-factory';
import { who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `permute()` settings. */
export interface PermuteArgs extends LayerArgs {
  /** The new order of the example's axes, counted from 1 (the batch axis stays first). */
  dims: number[];
}

/** A permutation of 1..n. */
const dimsField = (): Field<number[]> => ({
  read: (v, owner, key) => {
    const n = Array.isArray(v) ? v.length : 0;
    const ok =
      Array.isArray(v) &&
      n > 0 &&
      v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= n) &&
      new Set(v).size === n;
    if (!ok) {
      throw new ValueError(
        `${owner}: ${key} must be a permutation of 1..n (the example's axes; the batch axis is 0 and stays), got ${JSON.stringify(v)}`,
      );
    }
    return [...(v as number[])];
  },
});

const PERMUTE_FIELDS = { dims: dimsField() } satisfies FieldsOf<PermuteArgs>;

/**
 * Reorders the axes of each example: `dims: [2, 1]` swaps the two axes of [batch, a, b].
 *
 * ```ts
 * permute({ dims: [2, 1] }); // (None, 10, 64) -> (None, 64, 10)
 * ```
 */
export class Permute extends WeightlessLayer<PermuteArgs> {
  static override readonly className = 'Permute';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = PERMUTE_FIELDS;
  declare readonly dims: number[];

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    if (inputShape.length !== this.dims.length + 1) {
      throw new ValueError(
        `${who(this)}: dims [${this.dims.join(', ')}] permute ${this.dims.length} axes: the input ${formatSymbolicShape(inputShape)} has ${inputShape.length - 1} besides the batch`,
      );
    }
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  protected call(input: Tensor): Tensor {
    return transpose(input, [0, ...this.dims]);
  }
}

/** Reorders the axes of each example (`Permute`). */
export const permute = layerFactory('permute', Permute);
