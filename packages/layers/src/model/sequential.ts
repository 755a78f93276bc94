import { checkOptions, type Tensor, ValueError } from '@glia/core';
import type { Callback } from '../callbacks/callback';
import { InputLayer } from '../engine/input-layer';
import type { Layer } from '../engine/layer';
import type { ModelTopologyConfig } from '../engine/model-config';
import type { SymbolicTensor } from '../engine/node';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import { buildGraph } from './graph';
import { LayersModel, layerEntry } from './layers-model';

/** `sequential()` settings. */
export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
}

const SEQUENTIAL_KEYS = Object.keys({
  layers: true,
  name: true,
} satisfies Record<keyof SequentialArgs, true>);

/**
 * A linear stack of layers, as Keras' Sequential: the first layer gives the input shape, each
 * layer feeds the next. It is the one-chain case of the graph model (`LayersModel`): training,
 * summary and saving are the same code.
 *
 * ```ts
 * const model = sequential({ layers: [
 *   dense({ units: 8, activation: 'relu', inputShape: [4] }),
 *   dense({ units: 3, activation: 'softmax' }),
 * ]});
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * ```
 */
export class Sequential extends LayersModel<Tensor> {
  static override readonly className: string = 'Sequential';
  private readonly stack: Layer[] = [];
  private entry?: InputLayer;

  constructor(args: SequentialArgs = {}) {
    checkOptions('sequential', 'sequential({ layers?, name? })', args, SEQUENTIAL_KEYS);
    super(args.name === undefined ? {} : { name: args.name });
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** The layers in order (the input layer not included, as Keras). */
  override get layers(): Layer[] {
    return [...this.stack];
  }

  /**
   * Appends a layer, building it for the previous layer's output (so that summary() and
   * countParams() work right away); the first must declare `inputShape` (or `batchInputShape`).
   * A layer that does not fit is not added.
   */
  add(layer: Layer): void {
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(
        `Sequential '${this.name}'.add: a layer named '${layer.name}' is already in the model: layer names must be unique`,
      );
    }
    let entry = this.entry;
    if (!entry) {
      const shape = layer.batchInputShape ?? (layer.built ? layer.inputShape : undefined);
      if (!shape) {
        throw new ValueError(
          `Sequential '${this.name}'.add: the first layer (${layer.className} '${layer.name}') must set inputShape (e.g. inputShape: [28, 28, 1])`,
        );
      }
      entry = new InputLayer({ batchInputShape: shape, name: `${layer.name}_input` });
    }
    const previous: SymbolicTensor<Layer> = this.graph ? this.graph.outputs[0]! : entry.output;
    const output = layer.apply(previous);
    this.entry = entry;
    this.stack.push(layer);
    this.setGraph(buildGraph(`Sequential '${this.name}'`, [entry.output], [output]));
  }

  /** The input shape, batch first. */
  get batchShape(): SymbolicShape {
    return this.inputShapes[0]!;
  }

  /** Layers build as they are added; kept for Keras' `model.build()`. */
  override build(_inputShape?: SymbolicShape): void {
    this.requireGraph();
  }

  protected override showsConnections(): boolean {
    return false;
  }

  override topologyConfig(): ModelTopologyConfig {
    return {
      kind: 'sequential',
      name: this.name,
      layers: this.stack.map((l) => ({ ...layerEntry(l), inboundNodes: [] })),
    };
  }

  /** The Keras-style config: name and each layer's class and config. */
  override getConfig(): {
    name: string;
    layers: { className: string; config: Record<string, unknown> }[];
  } {
    return {
      name: this.name,
      layers: this.stack.map((l) => ({ className: l.className, config: l.getConfig() })),
    };
  }

  /** Shapes for error messages. */
  describeInput(): string {
    return formatSymbolicShape(this.batchShape);
  }
}

/** Creates a Sequential model. */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}

export type { Callback };
