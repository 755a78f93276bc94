import { add, concat, div, mul, reverse, type Tensor, tidy, ValueError } from '@glia/core';
import type { CallContext, LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { readLayerConfig, who } from '../layer-utils';
import { type RecurrentApplyOptions, type RecurrentResult, RNN } from './rnn';
import { layerFromConfig, type WrappedLayer, Wrapper } from './wrapper';

/** How `bidirectional` joins the two directions' outputs. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';
const MERGE_MODES: readonly MergeMode[] = ['concat', 'sum', 'mul', 'ave'];

/** `bidirectional()` settings. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run both ways (its config is copied; its own weights are not used). */
  layer: RNN;
  /** Default 'concat' (output features 2·units); 'sum', 'mul', 'ave' keep units. */
  mergeMode?: MergeMode;
}

/**
 * Runs a recurrent layer forward and a copy of it backward over the timesteps, and merges the two
 * outputs (with returnSequences, the backward outputs are put back in time order first). The copies
 * are named `forward_${name}` and `backward_${name}`; their weights save as TF.js names them
 * (`bidirectional/forward_lstm/kernel`, ...).
 *
 * ```ts
 * bidirectional({ layer: lstm({ units: 8, returnSequences: true }), inputShape: [20, 4] }); // -> [batch, 20, 16]
 * ```
 */
export class Bidirectional extends Wrapper {
  static override readonly className = 'Bidirectional';
  /** The layer given, kept for its config. */
  readonly layer: RNN;
  readonly forwardLayer: RNN;
  readonly backwardLayer: RNN;
  readonly mergeMode: MergeMode;

  constructor(args: BidirectionalArgs) {
    super({
      ...args,
      batchInputShape:
        args?.batchInputShape ?? (args?.inputShape ? undefined : args?.layer?.batchInputShape),
    });
    const owner = who(this);
    if (!(args.layer instanceof RNN)) {
      throw new ValueError(
        `${owner}: layer must be a recurrent layer (lstm, gru, simpleRNN or rnn), got ${(args.layer as { className?: string } | undefined)?.className ?? String(args.layer)}`,
      );
    }
    const mode = args.mergeMode ?? 'concat';
    if (!MERGE_MODES.includes(mode)) {
      throw new ValueError(
        `${owner}: mergeMode must be one of ${MERGE_MODES.join(', ')}, got ${JSON.stringify(args.mergeMode)}`,
      );
    }
    this.mergeMode = mode;
    this.layer = args.layer;
    const cls = args.layer.constructor as typeof RNN;
    const {
      batchInputShape: _batchInputShape,
      batchSize: _batchSize,
      ...config
    } = args.layer.getConfig();
    const copy = (name: string, goBackwards: boolean): RNN => {
      const layer = cls.fromConfig({ ...config, name, goBackwards });
      if (!(layer instanceof RNN))
        throw new ValueError(
          `${owner}: ${cls.className}.fromConfig did not make a recurrent layer`,
        );
      return layer;
    };
    this.forwardLayer = copy(`forward_${args.layer.name}`, args.layer.goBackwards);
    this.backwardLayer = copy(`backward_${args.layer.name}`, !args.layer.goBackwards);
  }

  protected wrapped(): WrappedLayer[] {
    const rename = (name: string): string => `${this.name}/${name}`;
    return [
      { layer: this.forwardLayer, rename },
      { layer: this.backwardLayer, rename },
    ];
  }

  override build(inputShape: SymbolicShape): void {
    this.forwardLayer.build(inputShape);
    this.backwardLayer.build(inputShape);
    super.build(inputShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    const shape = this.forwardLayer.computeOutputShape(inputShape);
    if (this.mergeMode !== 'concat') return shape;
    const last = shape[shape.length - 1]!;
    return [...shape.slice(0, -1), 2 * last];
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    return tidy(() =>
      this.merge(this.forwardLayer.apply(input, context), this.backwardLayer.apply(input, context)),
    );
  }

  /**
   * The merged output and the final states of both directions ([forward states..., backward
   * states...]); `initialState` is given in the same order. The caller owns the result.
   */
  applyWithState(input: Tensor, options: RecurrentApplyOptions = {}): RecurrentResult {
    this.prepare(input);
    const count = this.forwardLayer.cell.stateCount;
    const initial = options.initialState;
    if (initial !== undefined && initial.length !== 2 * count) {
      throw new ValueError(
        `${who(this)}.applyWithState: got ${initial.length} initial states: expected ${2 * count} (forward, then backward)`,
      );
    }
    return tidy(() => {
      const training = options.training ?? false;
      const forward = this.forwardLayer.applyWithState(input, {
        training,
        ...(initial ? { initialState: initial.slice(0, count) } : {}),
      });
      const backward = this.backwardLayer.applyWithState(input, {
        training,
        ...(initial ? { initialState: initial.slice(count) } : {}),
      });
      return {
        output: this.merge(forward.output, backward.output),
        states: [...forward.states, ...backward.states],
      };
    });
  }

  private merge(forward: Tensor, backward: Tensor): Tensor {
    const back = this.forwardLayer.returnSequences ? reverse(backward, 1) : backward;
    switch (this.mergeMode) {
      case 'concat':
        return concat([forward, back], -1);
      case 'sum':
        return add(forward, back);
      case 'mul':
        return mul(forward, back);
      case 'ave':
        return div(add(forward, back), 2);
    }
  }

  override getConfig(): Record<string, unknown> {
    const { batchInputShape: _b, batchSize: _s, ...config } = this.layer.getConfig();
    return {
      mergeMode: this.mergeMode,
      layer: { className: this.layer.className, config },
      ...super.getConfig(),
    };
  }

  static fromConfig(config: Record<string, unknown>): Bidirectional {
    const args = readLayerConfig(Bidirectional.className, config, ['layer', 'mergeMode']);
    const owner = `${Bidirectional.className}.fromConfig`;
    if (args.mergeMode === null) {
      throw new ValueError(
        `${owner}: mergeMode null (a list of both outputs) is not supported: expected ${MERGE_MODES.join(', ')}`,
      );
    }
    const layer = layerFromConfig(owner, args.layer);
    if (!(layer instanceof RNN)) {
      throw new ValueError(`${owner}: layer must be a recurrent layer, got ${layer.className}`);
    }
    return new Bidirectional({
      ...(args as LayerArgs),
      layer,
      mergeMode: args.mergeMode as MergeMode,
    });
  }
}
