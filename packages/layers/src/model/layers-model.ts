import { add, checkOptions, fmtShape, type Tensor, tidy, ValueError } from '@glia/core';
import { InputLayer } from '../engine/input-layer';
import { type CallContext, Layer } from '../engine/layer';
import type { LayerWeight } from '../engine/layer-weight';
import type { ModelLayerEntry, ModelTopologyConfig, TensorRef } from '../engine/model-config';
import { isSymbolic, type SymbolicTensor } from '../engine/node';
import {
  assertSymbolicCompatible,
  formatSymbolicShape,
  type SymbolicShape,
} from '../engine/symbolic-shape';
import type { SaveResult, SaveTarget } from '../io/io-types';
import { type SaveOptions, saveModel } from '../io/save-model';
import { compileModel } from '../training/compile';
import { evaluateModel } from '../training/evaluate';
import { fitModel } from '../training/fit';
import type { CompiledModel, TrainableModel } from '../training/model-api';
import { predictModel } from '../training/predict';
import { trainOnBatchModel } from '../training/train-on-batch';
import type {
  Batches,
  CompileArgs,
  EvaluateArgs,
  FitArgs,
  History,
  Logs,
  ModelData,
} from '../training/types';
import { buildGraph, type Graph, nodeIndexIn, runGraph } from './graph';
import { SUMMARY_FORM, SUMMARY_KEYS, type SummaryArgs, summarize } from './summary';

/** `model()` settings. */
export interface ModelArgs {
  /** The model's inputs: tensors made by `input()`. */
  inputs: SymbolicTensor<Layer> | SymbolicTensor<Layer>[];
  /** Its outputs: symbolic tensors computed from the inputs. */
  outputs: SymbolicTensor<Layer> | SymbolicTensor<Layer>[];
  name?: string;
}

const MODEL_KEYS = Object.keys({
  inputs: true,
  outputs: true,
  name: true,
} satisfies Record<keyof ModelArgs, true>);

/**
 * A model as a graph of layers (Keras' functional Model, TF.js' LayersModel): several inputs and
 * outputs, shared layers, models used as layers. `Sequential` is its one-chain case; both train,
 * summarize and save through the same code.
 *
 * ```ts
 * const x = input({ shape: [8] });
 * const h = layers.dense({ units: 16, activation: 'relu' }).apply(x);
 * const skip = layers.add().apply([h, layers.dense({ units: 16 }).apply(h)]);
 * const net = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(skip) });
 * net.compile({ optimizer: 'adam', loss: 'mse' });
 * ```
 */
export class LayersModel<Prediction extends Tensor | Tensor[] = Tensor | Tensor[]>
  extends Layer
  implements TrainableModel
{
  static override readonly className: string = 'Functional';
  /** Set by a callback to end `fit` after the current batch. */
  stopTraining = false;
  /** The optimizer, losses and metrics from `compile`. */
  compiled?: CompiledModel;
  /** The graph; undefined only for a Sequential with no layers yet. */
  protected graph?: Graph;

  constructor(args: ModelArgs | { name?: string }) {
    checkOptions('LayersModel', 'new LayersModel({ inputs, outputs, name? })', args, MODEL_KEYS);
    super('name' in args && args.name !== undefined ? { name: args.name } : {});
    if ('inputs' in args || 'outputs' in args) {
      const { inputs, outputs } = args as ModelArgs;
      this.setGraph(
        buildGraph(
          `model '${this.name}'`,
          Array.isArray(inputs) ? inputs : [inputs],
          Array.isArray(outputs) ? outputs : [outputs],
        ),
      );
    }
  }

  /** Installs the graph (the model is then built). */
  protected setGraph(graph: Graph): void {
    this.graph = graph;
    this.inputShape = graph.inputs.length === 1 ? [...graph.inputs[0]!.shape] : undefined;
    this.built = true;
  }

  /** The graph, or an error naming the model when it has none. */
  protected requireGraph(): Graph {
    if (!this.graph)
      throw new ValueError(
        `${this.className} '${this.name}': the model has no layers: add layers before using it`,
      );
    return this.graph;
  }

  /** Every layer, each once, in the order of its first call (input layers included). */
  get layers(): Layer[] {
    return [...(this.graph?.layers ?? [])];
  }

  /** The symbolic inputs. */
  get inputs(): SymbolicTensor<Layer>[] {
    return [...this.requireGraph().inputs];
  }

  /** The symbolic outputs. */
  get outputs(): SymbolicTensor<Layer>[] {
    return [...this.requireGraph().outputs];
  }

  get inputNames(): string[] {
    return this.requireGraph().inputs.map((t) => t.node.layer.name);
  }

  /** Each output's name: its layer's name (`_1`, `_2` added where one layer makes two outputs). */
  get outputNames(): string[] {
    const seen = new Map<string, number>();
    return this.requireGraph().outputs.map((t) => {
      const base = t.node.layer.name;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return n === 0 ? base : `${base}_${n}`;
    });
  }

  get inputShapes(): SymbolicShape[] {
    return this.requireGraph().inputs.map((t) => [...t.shape]);
  }

  get outputShapes(): SymbolicShape[] {
    return this.requireGraph().outputs.map((t) => [...t.shape]);
  }

  /** The output shape (one output). */
  get outputShape(): SymbolicShape {
    const shapes = this.outputShapes;
    if (shapes.length !== 1)
      throw new ValueError(
        `${this.className} '${this.name}'.outputShape: it has ${shapes.length} outputs: use outputShapes`,
      );
    return shapes[0]!;
  }

  fusableActivations(): (string | undefined)[] {
    const graph = this.requireGraph();
    return graph.outputs.map((t) =>
      graph.terminal.has(t) && t.node.outputs.length === 1
        ? t.node.layer.activationName
        : undefined,
    );
  }

  /** The forward pass on one tensor per input; `logits[i]` skips output `i`'s final activation. */
  execute(inputs: readonly Tensor[], context: CallContext, logits?: readonly boolean[]): Tensor[] {
    const graph = this.requireGraph();
    if (inputs.length !== graph.inputs.length) {
      throw new ValueError(
        `${this.className} '${this.name}': got ${inputs.length} inputs: expected ${graph.inputs.length} (${this.inputNames.join(', ')})`,
      );
    }
    // Only outputs no other node reads may come out as logits (the readers need the activation).
    const wanted = new Set(
      graph.outputs.filter((t, i) => logits?.[i] === true && graph.terminal.has(t)),
    );
    return runGraph(graph, inputs, context, wanted);
  }

  /** Keras numbers a nested model's calls from 1: node 0 is its own graph's. */
  override get firstNodeIndex(): number {
    return 1;
  }

  override runNode(inputs: readonly Tensor[], context: CallContext): Tensor[] {
    return tidy(() => this.execute(inputs, context));
  }

  /**
   * The forward pass (no batching). On symbolic tensors, it records a call of this model as a
   * layer of another. With `logits`, the outputs skip their final activation (the logits).
   */
  override apply(input: Tensor, context?: CallContext, logits?: boolean): Tensor;
  override apply(inputs: readonly Tensor[], context?: CallContext, logits?: boolean): Tensor;
  override apply(
    input: SymbolicTensor<Layer> | readonly SymbolicTensor<Layer>[],
  ): SymbolicTensor<Layer>;
  override apply(
    input: Tensor | readonly Tensor[] | SymbolicTensor<Layer> | readonly SymbolicTensor<Layer>[],
    context: CallContext = { training: false },
    logits = false,
  ): Tensor | SymbolicTensor<Layer> {
    if (isSymbolic(input)) return super.apply(input as SymbolicTensor<Layer>);
    const inputs = (Array.isArray(input) ? input : [input]) as Tensor[];
    const graph = this.requireGraph();
    if (graph.outputs.length !== 1)
      throw new ValueError(
        `${this.className} '${this.name}'.apply: it has ${graph.outputs.length} outputs: use predict or execute, which return them all`,
      );
    return tidy(() => this.execute(inputs, context, logits ? [true] : undefined)[0]!);
  }

  protected override buildForInputs(shapes: readonly SymbolicShape[]): void {
    const expected = this.inputShapes;
    if (shapes.length !== expected.length) {
      throw new ValueError(
        `${this.className} '${this.name}': got ${shapes.length} inputs: expected ${expected.length} (${this.inputNames.join(', ')})`,
      );
    }
    shapes.forEach((shape, i) => {
      assertSymbolicCompatible(`${this.className} '${this.name}'`, expected[i]!, shape);
    });
  }

  override outputShapesFor(): SymbolicShape[] {
    return this.outputShapes;
  }

  /** Its output shape (one output; a model's shapes are fixed by its graph). */
  computeOutputShape(_inputShape: SymbolicShape): SymbolicShape {
    return this.outputShape;
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    return this.execute([input], context)[0]!;
  }

  /**
   * Predictions for `x` (one tensor, an array, or keyed by input name), in batches: one tensor
   * for a model of one output, else one per output. The caller owns them.
   */
  predict(x: ModelData, args: EvaluateArgs = {}): Prediction {
    // predictModel returns one tensor exactly when the graph has one output, which is what
    // `model()` typed Prediction from.
    return predictModel(this, x, args) as Prediction;
  }

  /** Sets the optimizer, the loss of each output and the metrics for `fit` and `evaluate`. */
  compile(args: CompileArgs): void {
    this.compiled = compileModel(this, args);
  }

  /** Trains on `x`, `y` (tensors, arrays, or keyed by name) for `epochs`; returns the History. */
  fit(x: ModelData, y: ModelData, args?: FitArgs): Promise<History>;
  /** Trains on batches (a Dataset, generator or array of `{xs, ys}`). */
  fit(batches: Batches, args?: FitArgs): Promise<History>;
  fit(
    xOrBatches: ModelData | Batches,
    yOrArgs?: ModelData | FitArgs,
    maybeArgs?: FitArgs,
  ): Promise<History> {
    return fitModel(this, xOrBatches, yOrArgs, maybeArgs);
  }

  /** Loss and metrics over `x`, `y` (or batches), e.g. `{ loss, accuracy }`. */
  evaluate(x: ModelData, y: ModelData, args?: EvaluateArgs): Promise<Logs>;
  evaluate(batches: Batches, args?: EvaluateArgs): Promise<Logs>;
  evaluate(
    xOrBatches: ModelData | Batches,
    yOrArgs?: ModelData | EvaluateArgs,
    maybeArgs?: EvaluateArgs,
  ): Promise<Logs> {
    return evaluateModel(this, xOrBatches, yOrArgs, maybeArgs);
  }

  /** One optimizer step on one batch; resolves to its loss and metrics (async, as in TF.js). */
  trainOnBatch(x: ModelData, y: ModelData, ...extra: never[]): Promise<Logs> {
    // Keras' sample and class weights, passed from JavaScript, would be silently dropped.
    if (extra.length > 0)
      return Promise.reject(
        new ValueError(
          `trainOnBatch: got ${2 + extra.length} arguments: expected trainOnBatch(x, y)`,
        ),
      );
    return trainOnBatchModel(this, x, y);
  }

  /**
   * Keras' summary table (layer, output shape, parameters, and for graph models the layers each
   * one is connected to); printed unless `print` is false.
   */
  summary(options: SummaryArgs = {}): string {
    checkOptions('summary', SUMMARY_FORM, options, SUMMARY_KEYS);
    const text = summarize(this.summaryRows(), this.summaryTotals(), {
      name: this.name,
      connected: this.showsConnections(),
      ...(options.lineLength === undefined ? {} : { lineLength: options.lineLength }),
    });
    if (options.print ?? true) console.log(text);
    return text;
  }

  /** Whether the summary has Keras' "Connected to" column (graph models). */
  protected showsConnections(): boolean {
    return true;
  }

  /** One summary row per layer. */
  protected summaryRows(): { name: string; shape: string; params: number; connected: string[] }[] {
    const graph = this.requireGraph();
    const members = new Set(graph.nodes);
    return this.layers.map((layer) => {
      const nodes = layer.inboundNodes.filter((n) => members.has(n));
      const first = nodes[0]!;
      const shapes = first.outputs.map((t) => formatSymbolicShape(t.shape));
      return {
        name: `${layer.name} (${layer.className})`,
        shape: shapes.length === 1 ? shapes[0]! : `[${shapes.join(', ')}]`,
        params: layer.countParams(),
        connected: nodes.flatMap((n) =>
          n.inputs.map((t) => `${t.node.layer.name}[${nodeIndexIn(graph, t.node)}][${t.index}]`),
        ),
      };
    });
  }

  protected summaryTotals(): { total: number; trainable: number } {
    return {
      total: this.countParams(),
      trainable: this.trainableWeights.reduce((n, w) => n + w.variable.size, 0),
    };
  }

  /** Every weight, layer by layer (a shared layer's once). */
  override get weights(): LayerWeight[] {
    return this.layers.flatMap((l) => [...l.weights]);
  }

  override get trainableWeights(): LayerWeight[] {
    return this.trainable ? this.layers.flatMap((l) => l.trainableWeights) : [];
  }

  override get nonTrainableWeights(): LayerWeight[] {
    return this.trainable ? this.layers.flatMap((l) => l.nonTrainableWeights) : [...this.weights];
  }

  override countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  override getWeights(): Tensor[] {
    return this.weights.map((w) => w.variable.clone());
  }

  /** Sets every weight, in `weights` order; nothing changes when a count or shape does not match. */
  override setWeights(values: readonly Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) {
      throw new ValueError(
        `${this.className} '${this.name}'.setWeights: got ${values.length} tensors: expected ${weights.length}`,
      );
    }
    weights.forEach((w, i) => {
      const v = values[i]!;
      if (v.shape.join() !== w.variable.shape.join()) {
        throw new ValueError(
          `${this.className} '${this.name}'.setWeights: '${w.originalName}' got shape ${fmtShape(v.shape)}: expected ${fmtShape(w.variable.shape)}`,
        );
      }
    });
    weights.forEach((w, i) => {
      w.variable.assign(values[i]!);
    });
  }

  override regularizationLoss(): Tensor | undefined {
    const penalties = tidy(() => {
      const parts = this.layers.map((l) => l.regularizationLoss()).filter((p) => p !== undefined);
      return parts.length === 0 ? [] : [parts.reduce((a, b) => add(a, b))];
    });
    return penalties[0];
  }

  /** The layer named `name`. */
  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer)
      throw new ValueError(
        `${this.className} '${this.name}'.getLayer: no layer named '${name}' (layers: ${this.layers.map((l) => l.name).join(', ')})`,
      );
    return layer;
  }

  /** Saves topology and weights as TF.js layers-model artifacts (`'file://dir'`, a handler, ...). */
  save(target: SaveTarget, options: SaveOptions = {}): Promise<SaveResult> {
    return saveModel(this, target, options);
  }

  /** The topology as data, for saving (Keras' functional config). */
  topologyConfig(): ModelTopologyConfig {
    const graph = this.requireGraph();
    const ref = (t: SymbolicTensor<Layer>): TensorRef => ({
      layer: t.node.layer.name,
      node: nodeIndexIn(graph, t.node),
      tensor: t.index,
    });
    const members = new Set(graph.nodes);
    return {
      kind: 'graph',
      name: this.name,
      layers: graph.layers.map((layer) => ({
        ...layerEntry(layer),
        inboundNodes: layer.inboundNodes
          .filter((n) => members.has(n) && n.inputs.length > 0)
          .map((n) => n.inputs.map(ref)),
      })),
      inputLayers: graph.inputs.map(ref),
      outputLayers: graph.outputs.map(ref),
    };
  }

  override getConfig(): Record<string, unknown> {
    return { ...this.topologyConfig() };
  }

  /** Frees every weight and the optimizer's state. */
  override dispose(): void {
    for (const l of this.layers) l.dispose();
    this.compiled?.optimizer.dispose();
  }
}

/** A layer's saved entry, without its calls; a model layer carries its own topology. */
export function layerEntry(layer: Layer): Omit<ModelLayerEntry, 'inboundNodes'> {
  return {
    className: layer.className,
    name: layer.name,
    config: layer instanceof LayersModel ? {} : layer.getConfig(),
    ...(layer instanceof LayersModel ? { model: layer.topologyConfig() } : {}),
  };
}

/**
 * A graph model from symbolic inputs and outputs (TF.js' `tf.model`, Keras' functional `Model`).
 *
 * ```ts
 * const a = input({ shape: [4], name: 'a' });
 * const b = input({ shape: [4], name: 'b' });
 * const sum = layers.add().apply([a, b]);
 * const net = model({ inputs: [a, b], outputs: layers.dense({ units: 1 }).apply(sum) });
 * ```
 */
export function model<Outputs extends SymbolicTensor<Layer> | SymbolicTensor<Layer>[]>(
  args: ModelArgs & { outputs: Outputs },
): LayersModel<Outputs extends SymbolicTensor<Layer>[] ? Tensor[] : Tensor> {
  checkOptions('model', 'model({ inputs, outputs, name? })', args, MODEL_KEYS);
  if (args.inputs === undefined || args.outputs === undefined)
    throw new ValueError('model: give inputs (from input()) and outputs (symbolic tensors)');
  return new LayersModel(args);
}

/**
 * `model`, typed as a model of one output (whose `predict` returns one tensor), e.g. a loaded
 * one; an error if it has several.
 *
 * ```ts
 * const net = singleOutput(await loadModel('file://./my-model/model.json'));
 * const y = net.predict(x); // Tensor
 * ```
 */
export function singleOutput(model: LayersModel): LayersModel<Tensor> {
  if (!isSingleOutput(model))
    throw new ValueError(
      `singleOutput: model '${model.name}' has ${model.outputNames.length} outputs (${model.outputNames.join(', ')})`,
    );
  return model;
}

function isSingleOutput(model: LayersModel): model is LayersModel<Tensor> {
  return model.outputNames.length === 1;
}

export { InputLayer };
