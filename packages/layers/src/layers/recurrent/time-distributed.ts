import { reshape, type Tensor, tidy, ValueError } from '@glia/core';
import { type CallContext, Layer, type LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { expectRank, readLayerConfig, who } from '../layer-utils';
import { layerFromConfig, type WrappedLayer, Wrapper } from './wrapper';

/** `timeDistributed()` settings. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer to apply to every timestep (this instance, with its weights). */
  layer: Layer;
}

/**
 * Applies a layer to every timestep of an input [batch, timesteps, ...]: the same weights at each
 * step, computed as one call on [batch·timesteps, ...]. Its weights save under the wrapper's name
 * (`time_distributed/kernel`), as TF.js writes them.
 *
 * ```ts
 * timeDistributed({ layer: dense({ units: 10, activation: 'softmax' }) }); // [b, t, f] -> [b, t, 10]
 * ```
 */
export class TimeDistributed extends Wrapper {
  static override readonly className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    super(args);
    if (!(args.layer instanceof Layer)) {
      throw new ValueError(`${who(this)}: layer must be a layer, got ${String(args.layer)}`);
    }
    this.layer = args.layer;
  }

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

  override getConfig(): Record<string, unknown> {
    return {
      layer: { className: this.layer.className, config: this.layer.getConfig() },
      ...super.getConfig(),
    };
  }

  static fromConfig(config: Record<string, unknown>): TimeDistributed {
    const args = readLayerConfig(TimeDistributed.className, config, ['layer']);
    const layer = layerFromConfig(`${TimeDistributed.className}.fromConfig`, args.layer);
    return new TimeDistributed({ ...(args as LayerArgs), layer });
  }
}
