import { any, cast, expandDims, mul, notEqual, type Tensor, ValueError } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { numberField } from './fields';
import { layerFactory } from './layer-factory';
import { who } from './layer-utils';

/** `masking()` settings. */
export interface MaskingArgs extends LayerArgs {
  /** A timestep whose features all equal this is padding (default 0). */
  maskValue?: number;
}

const MASKING_FIELDS = { maskValue: numberField(0) } satisfies FieldsOf<MaskingArgs>;

/**
 * Marks padding timesteps (Keras' `Masking`): a timestep of [batch, timesteps, features] whose
 * features all equal `maskValue` is masked. Its output is the input with masked steps zeroed, and
 * in a model its mask reaches the next layers: recurrent layers skip masked steps (keeping their
 * state), layers that work per timestep (dense, dropout, activation) pass the mask on.
 *
 * ```ts
 * sequential({ layers: [
 *   masking({ maskValue: 0, inputShape: [20, 3] }),
 *   lstm({ units: 8 }),
 *   dense({ units: 1 }),
 * ]});
 * ```
 */
export class Masking extends Layer<MaskingArgs> {
  static override readonly className = 'Masking';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = MASKING_FIELDS;
  declare readonly maskValue: number;

  override get supportsMasking(): boolean {
    return true;
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  /** True where a timestep (the last axis) holds any value other than `maskValue`. */
  private stepMask(input: Tensor): Tensor {
    return any(notEqual(input, this.maskValue), -1);
  }

  protected call(input: Tensor): Tensor {
    if (input.rank < 2)
      throw new ValueError(`${who(this)}: input has rank ${input.rank}: expected at least 2`);
    return mul(input, cast(expandDims(this.stepMask(input), -1), input.dtype));
  }

  /** The input's own padding mask (a mask it already carries is replaced, as in Keras). */
  override computeMask(input: Tensor, _mask: Tensor | undefined): Tensor {
    return this.stepMask(input);
  }
}

/** Marks padding timesteps, so recurrent layers skip them (`Masking`). */
export const masking = layerFactory('masking', Masking);
