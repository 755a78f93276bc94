import { reshape, type Tensor, tidy, tile } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { positiveIntField } from './fields';
import { layerFactory } from './layer-factory';
import { expectRank, who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `repeatVector()` settings. */
export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat. */
  n: number;
}

const REPEAT_VECTOR_FIELDS = { n: positiveIntField() } satisfies FieldsOf<RepeatVectorArgs>;

/**
 * Repeats each example's vector `n` times: [batch, features] to [batch, n, features] (an encoder's
 * summary fed to every step of a decoder).
 *
 * ```ts
 * repeatVector({ n: 5 }); // (None, 32) -> (None, 5, 32)
 * ```
 */
export class RepeatVector extends WeightlessLayer<RepeatVectorArgs> {
  static override readonly className = 'RepeatVector';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = REPEAT_VECTOR_FIELDS;
  declare readonly n: number;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    expectRank(who(this), inputShape, 2, '(batch, features)');
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  protected call(input: Tensor): Tensor {
    const [batch, features] = input.shape as [number, number];
    return tidy(() => tile(reshape(input, [batch, 1, features]), [1, this.n, 1]));
  }
}

/** Repeats a vector into a sequence (`RepeatVector`). */
export const repeatVector = layerFactory('repeatVector', RepeatVector);
