import { concat, ShapeError, type Tensor, ValueError } from '@glia/core';
import type { FieldsOf } from '../../engine/config-schema';
import type { LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { integerField } from '../fields';
import { layerFactory } from '../layer-factory';
import { who } from '../layer-utils';
import { describeShape, Merge } from './merge';

/** `concatenate()` settings. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis to join along (default -1, the last; counted with the batch axis). */
  axis?: number;
}

const CONCATENATE_FIELDS = { axis: integerField(-1) } satisfies FieldsOf<ConcatenateArgs>;

/**
 * Joins its inputs along `axis` (Keras' `Concatenate`); every other dimension must match, e.g. the
 * skip connections of a U-Net: `concatenate().apply([upsampled, encoderFeatures])`.
 */
export class Concatenate extends Merge<ConcatenateArgs> {
  static override readonly className = 'Concatenate';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = CONCATENATE_FIELDS;
  declare readonly axis: number;

  /** `axis` as a non-negative index for inputs of `rank`. */
  private resolveAxis(rank: number): number {
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (axis < 1 || axis >= rank)
      throw new ValueError(
        `${who(this)}: axis ${this.axis} is out of range for inputs of rank ${rank}: expected an axis after the batch axis (1..${rank - 1} or -1..${1 - rank})`,
      );
    return axis;
  }

  protected mergeShapes(shapes: readonly SymbolicShape[], names: readonly string[]): SymbolicShape {
    const first = shapes[0]!;
    const axis = this.resolveAxis(first.length);
    const out = [...first];
    for (let i = 1; i < shapes.length; i++) {
      const shape = shapes[i]!;
      const fits =
        shape.length === first.length &&
        shape.every((d, j) => j === axis || d === null || out[j] === null || d === out[j]);
      if (!fits) {
        throw new ShapeError(
          `${who(this)}: inputs ${names[0]} ${describeShape(first)} and ${names[i]} ${describeShape(shape)} cannot be concatenated on axis ${this.axis}: every other dimension must match`,
        );
      }
      shape.forEach((d, j) => {
        if (j !== axis && out[j] === null) out[j] = d;
      });
      out[axis] = out[axis] === null || shape[axis] === null ? null : out[axis]! + shape[axis]!;
    }
    return out;
  }

  protected merge(inputs: readonly Tensor[]): Tensor {
    return concat([...inputs], this.resolveAxis(inputs[0]!.rank));
  }
}

/** Joins its inputs along `axis` (default the last). */
export const concatenate = layerFactory('concatenate', Concatenate);
