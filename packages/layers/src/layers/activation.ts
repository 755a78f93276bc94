import { type Tensor, ValueError } from '@glia/core';
import type {
  Activation as ActivationFunction,
  ActivationIdentifier,
} from '../activations/activation';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import { activationArg, readLayerConfig, who } from './layer-utils';

/** `activation()` settings. */
export interface ActivationArgs extends LayerArgs {
  /** 'relu', 'softmax', ... or an activation object. */
  activation: ActivationIdentifier;
}

/**
 * Applies an activation function on its own.
 *
 * ```ts
 * activation({ activation: 'softmax' });
 * ```
 */
export class Activation extends Layer {
  static override readonly className = 'Activation';

  /** A mask passes through (it works on each timestep alone). */
  override get supportsMasking(): boolean {
    return true;
  }
  readonly activation: ActivationFunction;

  constructor(args: ActivationArgs) {
    super(args);
    if (args?.activation === undefined || args.activation === null) {
      throw new ValueError(`${who(this)}: activation is required ('relu', 'softmax', ...)`);
    }
    this.activation = activationArg(who(this), args.activation);
  }

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

  override getConfig(): Record<string, unknown> {
    return { activation: this.activation.name, ...super.getConfig() };
  }

  static fromConfig(config: Record<string, unknown>): Activation {
    return new Activation(
      readLayerConfig(Activation.className, config, ['activation']) as unknown as ActivationArgs,
    );
  }
}
