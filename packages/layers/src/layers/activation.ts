import { type Tensor, ValueError } from '@glia/core';
import type {
  Activation as ActivationFunction,
  ActivationIdentifier,
} from '../activations/activation';
import type { Field, FieldsOf } from '../engine/config-schema';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { activationField } from './fields';
import { layerFactory } from './layer-factory';

/** `activation()` settings. */
export interface ActivationArgs extends LayerArgs {
  /** 'relu', 'softmax', ... or an activation object. */
  activation: ActivationIdentifier;
}

/** The activation, required here (a layer that is only its activation). */
const requiredActivation = (): Field<ActivationFunction> => ({
  ...activationField(),
  read: (v, owner, key) => {
    if (v === undefined || v === null) {
      throw new ValueError(`${owner}: ${key} is required ('relu', 'softmax', ...)`);
    }
    return activationField().read(v, owner, key);
  },
});

const ACTIVATION_FIELDS = { activation: requiredActivation() } satisfies FieldsOf<ActivationArgs>;

/**
 * Applies an activation function on its own.
 *
 * ```ts
 * activation({ activation: 'softmax' });
 * ```
 */
export class Activation extends Layer<ActivationArgs> {
  static override readonly className = 'Activation';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = ACTIVATION_FIELDS;

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  declare readonly activation: ActivationFunction;

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }

  protected call(input: Tensor): Tensor {
    return this.activation.apply(input);
  }

  override get activationName(): string {
    return this.activation.name;
  }

  /** The input itself (a new handle): this layer is all activation. */
  override applyLogits(input: Tensor): Tensor {
    this.prepare(input);
    return input.clone();
  }
}

/** An activation function as a layer (`Activation`). */
export const activation = layerFactory('activation', Activation);
