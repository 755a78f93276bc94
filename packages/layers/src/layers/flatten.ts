import { reshape, type Tensor, ValueError } from '@glia/core';
import type { FieldsOf } from '../engine/config-schema';
import type { LayerArgs } from '../engine/layer';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import { channelsLastField, omittedWhen } from './fields';
import { layerFactory } from './layer-factory';
import { who } from './layer-utils';
import { WeightlessLayer } from './weightless-layer';

/** `flatten()` settings. */
export interface FlattenArgs extends LayerArgs {
  /** Only 'channelsLast'. */
  dataFormat?: 'channelsLast';
}

const FLATTEN_FIELDS = {
  // Keras writes it; TF.js neither writes nor needs it.
  dataFormat: omittedWhen(channelsLastField(), () => true),
} satisfies FieldsOf<FlattenArgs>;

/**
 * Flattens each example: [batch, d1, d2, ...] to [batch, d1·d2·...].
 *
 * ```ts
 * flatten(); // (None, 3, 3, 64) -> (None, 576)
 * ```
 */
export class Flatten extends WeightlessLayer<FlattenArgs> {
  static override readonly className = 'Flatten';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = FLATTEN_FIELDS;
  readonly dataFormat = 'channelsLast' as const;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const rest = inputShape.slice(1);
    if (inputShape.length < 1 || rest.some((d) => d === null)) {
      throw new ValueError(
        `${who(this)}: input shape ${formatSymbolicShape(inputShape)}: every dimension but the batch must be known to flatten`,
      );
    }
    return [inputShape[0] ?? null, (rest as number[]).reduce((a, b) => a * b, 1)];
  }

  protected call(input: Tensor): Tensor {
    const size = input.shape.slice(1).reduce((a, b) => a * b, 1);
    return reshape(input, [input.shape[0]!, size]);
  }
}

/** Flattens each example (`Flatten`). */
export const flatten = layerFactory('flatten', Flatten);
