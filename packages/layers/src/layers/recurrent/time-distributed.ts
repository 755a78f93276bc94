import { reshape, type Tensor, tidy, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../../engine/config-schema';
import { type CallContext, Layer, type LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { layerFactory } from '../layer-factory';
import { expectRank, who } from '../layer-utils';
import { isSavedLayer, layerFromConfig, type WrappedLayer, Wrapper } from './wrapper';

/** `timeDistributed()` settings. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer to apply to every timestep (this instance, with its weights). */
  layer: Layer;
}

/** The layer applied at every timestep, given or saved as `{className, config}`. */
const innerLayerField = (): Field<Layer> => ({
  read: (v, owner, key) => {
    const layer = v instanceof Layer || !isSavedLayer(v) ? v : layerFromConfig(owner, v);
    if (!(layer instanceof Layer)) {
      throw new ValueError(`${owner}: ${key} must be a layer, got ${String(layer)}`);
    }
    return layer;
  },
  write: (layer) => ({ className: layer.className, config: layer.getConfig() }),
});

const TIME_DISTRIBUTED_FIELDS = {
  layer: innerLayerField(),
} satisfies FieldsOf<TimeDistributedArgs>;

/**
 * Applies a layer to every timestep of an input [batch, timesteps, ...]: the same weights at each
 * step, computed as one call on [batch·timesteps, ...]. Its weights save under the wrapper's name
 * (`time_distributed/kernel`), as TF.js writes them.
 *
 * ```ts
 * timeDistributed({ layer: dense({ units: 10, activation: 'softmax' }) }); // [b, t, f] -> [b, t, 10]
 * ```
 */
export class TimeDistributed extends Wrapper<TimeDistributedArgs> {
  static override readonly className = 'TimeDistributed';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = TIME_DISTRIBUTED_FIELDS;
  declare readonly layer: Layer;

  protected wrapped(): WrappedLayer[] {
    const prefix = `${this.layer.name}/`;
    return [
      {
        layer: this.layer,
        rename: (name) =>
          `${this.name}/${name.startsWith(prefix) ? name.slice(prefix.length) : name}`,
      },
    ];
  }

  private checkRank(inputShape: SymbolicShape): void {
    if (inputShape.length < 3) {
      expectRank(who(this), inputShape, 3, '(batch, timesteps, ...) or more');
    }
  }

  override build(inputShape: SymbolicShape): void {
    this.checkRank(inputShape);
    if (!this.layer.built) this.layer.build([null, ...inputShape.slice(2)]);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    this.checkRank(inputShape);
    const inner = this.layer.computeOutputShape([null, ...inputShape.slice(2)]);
    return [inputShape[0]!, inputShape[1]!, ...inner.slice(1)];
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    return this.perStep(input, (x) => this.layer.apply(x, { training: context.training }));
  }

  /** A timestep mask passes through: the wrapped layer sees each step alone. */
  override get supportsMasking(): boolean {
    return true;
  }

  override get activationName(): string | undefined {
    return this.layer.activationName;
  }

  override applyLogits(input: Tensor, context: CallContext = { training: false }): Tensor {
    this.prepare(input);
    return this.perStep(input, (x) => this.layer.applyLogits(x, context));
  }

  /** `fn` on [batch·timesteps, ...], reshaped back to [batch, timesteps, ...]. */
  private perStep(input: Tensor, fn: (x: Tensor) => Tensor): Tensor {
    const [batch, steps, ...rest] = input.shape as number[];
    return tidy(() => {
      const out = fn(reshape(input, [batch! * steps!, ...rest]));
      return reshape(out, [batch!, steps!, ...out.shape.slice(1)]);
    });
  }
}

/** A layer applied to every timestep (`TimeDistributed`). */
export const timeDistributed = layerFactory('timeDistributed', TimeDistributed);
