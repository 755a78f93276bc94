/**
 * A model's topology as data (camelCase, layer configs not yet converted), as the model
 * describes itself for saving: types only, so that io/ and model/ share them without importing
 * each other.
 */

/** One tensor in the graph: the `tensor`-th output of the `node`-th call of layer `layer`. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

/** One layer of a saved model: its class, name, config, and the inputs of each of its calls. */
export interface ModelLayerEntry {
  className: string;
  name: string;
  /** The layer's own config (`getConfig()`); for a nested model, its topology is in `model`. */
  config: Record<string, unknown>;
  /** Set when the layer is itself a model. */
  model?: ModelTopologyConfig;
  /** Per call (node) of the layer in this model, the tensors it took. */
  inboundNodes: TensorRef[][];
}

/** A graph model's topology (Keras' functional config). */
export interface GraphTopologyConfig {
  kind: 'graph';
  name: string;
  layers: ModelLayerEntry[];
  inputLayers: TensorRef[];
  outputLayers: TensorRef[];
}

/** A Sequential's topology: its layers in order (the first one carries the input shape). */
export interface SequentialTopologyConfig {
  kind: 'sequential';
  name: string;
  layers: ModelLayerEntry[];
}

export type ModelTopologyConfig = GraphTopologyConfig | SequentialTopologyConfig;
