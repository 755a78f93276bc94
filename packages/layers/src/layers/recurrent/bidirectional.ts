import { add, concat, div, mul, reverse, type Tensor, tidy, ValueError } from '@glia/core';
import { type Field, type FieldsOf, readFields } from '../../engine/config-schema';
import { type CallContext, Layer, type LayerArgs } from '../../engine/layer';
import type { SymbolicShape } from '../../engine/symbolic-shape';
import { layerFactory } from '../layer-factory';
import { who } from '../layer-utils';
import { type RecurrentApplyOptions, type RecurrentResult, RNN } from './rnn';
import { isSavedLayer, layerFromConfig, type WrappedLayer, Wrapper } from './wrapper';

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

/** The config of the layer given, as the wrapper saves it (its input shape is the wrapper's). */
function innerConfig(layer: RNN): Record<string, unknown> {
  const { batchInputShape: _batchInputShape, batchSize: _batchSize, ...config } = layer.getConfig();
  return config;
}

/** The recurrent layer to run both ways, given or saved as `{className, config}`. */
const recurrentLayerField = (): Field<RNN> => ({
  read: (v, owner, key) => {
    const layer = v instanceof Layer || !isSavedLayer(v) ? v : layerFromConfig(owner, v);
    if (!(layer instanceof RNN)) {
      throw new ValueError(
        `${owner}: ${key} must be a recurrent layer (lstm, gru, simpleRNN or rnn), got ${(layer as { className?: string } | undefined)?.className ?? String(layer)}`,
      );
    }
    return layer;
  },
  write: (layer) => ({ className: layer.className, config: innerConfig(layer) }),
});

/** How the two directions combine; null (a list of both) is not supported. */
const mergeModeField = (): Field<MergeMode> => ({
  read: (v, owner, key) => {
    if (v === null) {
      throw new ValueError(
        `${owner}: ${key} null (a list of both outputs) is not supported: expected ${MERGE_MODES.join(', ')}`,
      );
    }
    const mode = v ?? 'concat';
    if (!MERGE_MODES.includes(mode as MergeMode)) {
      throw new ValueError(
        `${owner}: ${key} must be one of ${MERGE_MODES.join(', ')}, got ${JSON.stringify(v)}`,
      );
    }
    return mode as MergeMode;
  },
});

const BIDIRECTIONAL_FIELDS = {
  layer: recurrentLayerField(),
  mergeMode: mergeModeField(),
} satisfies FieldsOf<BidirectionalArgs>;

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
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = BIDIRECTIONAL_FIELDS;
  /** Its constructor reads its fields (layer, mergeMode) itself, beside the copies it makes. */
  protected static override readonly readsOwnFields = false;
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
    const c = readFields(owner, BIDIRECTIONAL_FIELDS, args);
    this.mergeMode = c.mergeMode;
    this.layer = c.layer;
    const cls = this.layer.constructor as typeof RNN;
    const config = innerConfig(this.layer);
    const copy = (name: string, goBackwards: boolean): RNN => {
      const layer = cls.fromConfig({ ...config, name, goBackwards });
      if (!(layer instanceof RNN))
        throw new ValueError(
          `${owner}: ${cls.className}.fromConfig did not make a recurrent layer`,
        );
      return layer;
    };
    this.forwardLayer = copy(`forward_${this.layer.name}`, this.layer.goBackwards);
    this.backwardLayer = copy(`backward_${this.layer.name}`, !this.layer.goBackwards);
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

  /** The mask goes on with the sequences (`returnSequences`), and ends with the last outputs. */
  override computeMask(_input: Tensor, mask: Tensor | undefined): Tensor | undefined {
    return this.forwardLayer.returnSequences ? mask : undefined;
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
}

/** A recurrent layer run both ways, outputs merged (`Bidirectional`). */
export const bidirectional = layerFactory('bidirectional', Bidirectional);
