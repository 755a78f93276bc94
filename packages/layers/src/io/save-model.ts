import { checkOptions, type Tensor, ValueError } from '@glia/core';
import type { LayerWeight } from '../engine/layer-weight';
import type { ModelLayerEntry, ModelTopologyConfig, TensorRef } from '../engine/model-config';
import type { MetricIdentifier } from '../metrics/metric';
import type { CompiledModel } from '../training/model-api';
import type { ModelArtifacts, SaveResult, SaveTarget, WeightSpec } from './io-types';
import { getSaveHandler } from './router';
import { configToJson, type JsonObject, type JsonValue, toSnakeCase } from './serialization';
import { assertPlainJson } from './validate-model-json';
import { GLIA_VERSION } from './version';

/** `save` options. */
export interface SaveOptions {
  /**
   * Also save the compile settings and the optimizer's state (step counter, moments), so that a
   * loaded model resumes training where this one stopped. Ignored for a model never compiled.
   */
  includeOptimizer?: boolean;
}

const SAVE_KEYS = Object.keys({ includeOptimizer: true } satisfies Record<keyof SaveOptions, true>);

/** What saving needs of a model. */
export interface SavableModel {
  readonly name: string;
  compiled?: CompiledModel;
  readonly weights: readonly LayerWeight[];
  /** The model's topology as data. */
  topologyConfig(): ModelTopologyConfig;
}

/** Keras' class name for a saved model: 'Functional' (Keras 3, TF.js reads it) or 'Sequential'. */
function modelClassName(config: ModelTopologyConfig): string {
  return config.kind === 'sequential' ? 'Sequential' : 'Functional';
}

/** `[layer, node, tensor]`, as Keras 2 / TF.js write a tensor reference. */
function refJson(ref: TensorRef): JsonValue {
  return [ref.layer, ref.node, ref.tensor];
}

function layerJson(entry: ModelLayerEntry, path: string, graph: boolean): JsonObject {
  const out: JsonObject = entry.model
    ? {
        class_name: modelClassName(entry.model),
        config: modelConfigJson(entry.model, `${path}.config`),
      }
    : { class_name: entry.className, config: configToJson(entry.config, '', `${path}.config`) };
  if (graph) {
    out.name = entry.name;
    // Keras 2 / TF.js form: per call, a list of [layer, node, tensor, kwargs].
    out.inbound_nodes = entry.inboundNodes.map((node) =>
      node.map((ref) => [ref.layer, ref.node, ref.tensor, {}]),
    );
  }
  return out;
}

/** A model's `config` in model.json (Keras' functional or Sequential config, snake_case). */
function modelConfigJson(config: ModelTopologyConfig, path: string): JsonObject {
  const graph = config.kind === 'graph';
  const layers = config.layers.map((entry, i) => layerJson(entry, `${path}.layers[${i}]`, graph));
  if (config.kind === 'sequential') return { name: config.name, layers };
  return {
    name: config.name,
    layers,
    input_layers: config.inputLayers.map(refJson),
    output_layers: config.outputLayers.map(refJson),
  };
}

/** The model's Keras topology, as model.json's `modelTopology`. */
export function modelTopology(model: SavableModel): JsonObject {
  const config = model.topologyConfig();
  return {
    class_name: modelClassName(config),
    config: modelConfigJson(config, 'modelTopology.config'),
    keras_version: `glia ${GLIA_VERSION}`,
    backend: 'glia',
  };
}

/** Concatenates named tensors' bytes (little-endian, as TF.js) and lists their specs. */
async function encodeWeights(
  named: readonly { name: string; tensor: Tensor }[],
  group?: 'optimizer',
): Promise<{ specs: WeightSpec[]; chunks: Uint8Array[] }> {
  const specs: WeightSpec[] = [];
  const chunks: Uint8Array[] = [];
  for (const { name, tensor } of named) {
    const values = await tensor.data();
    chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice());
    specs.push({
      name,
      shape: [...tensor.shape],
      dtype: tensor.dtype,
      ...(group ? { group } : {}),
    });
  }
  return { specs, chunks };
}

function concatBytes(chunks: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out.buffer;
}

/**
 * The optimizer keys its state by variable name, which gains a suffix (`dense/kernel_1`) when
 * another live model holds the name; files use the weights' original names, so that they load
 * into any model. Maps `${from}/slot` to `${to}/slot`.
 */
export function renameStatePrefix(name: string, mapping: ReadonlyMap<string, string>): string {
  let best: string | undefined;
  for (const from of mapping.keys()) {
    if (name.startsWith(`${from}/`) && (best === undefined || from.length > best.length))
      best = from;
  }
  return best === undefined ? name : `${mapping.get(best)}${name.slice(best.length)}`;
}

/** A metric's saved name: the name it was given, else its own name, snake_case. */
function metricName(given: MetricIdentifier | undefined, own: string): string {
  return toSnakeCase(typeof given === 'string' ? given : own);
}

/**
 * The compile settings as TF.js writes them (`trainingConfig`), snake_case loss and metric names:
 * for one output a loss name and a list of metrics; for several, a loss per output name, metrics
 * keyed by output name, and the loss weights.
 */
function trainingConfig(compiled: CompiledModel): JsonObject {
  const { args, outputs } = compiled;
  const lossName = (i: number): string => {
    const given = args.loss;
    const id = Array.isArray(given)
      ? given[i]
      : typeof given === 'object' && given !== null && !('fn' in given)
        ? (given as Record<string, unknown>)[outputs[i]!.name]
        : given;
    return toSnakeCase(typeof id === 'string' ? id : outputs[i]!.loss.name);
  };
  const givenMetrics = (i: number): (MetricIdentifier | undefined)[] => {
    const m = args.metrics;
    if (m === undefined) return [];
    if (Array.isArray(m)) {
      const perOutput = m.length > 0 && m.every((x) => Array.isArray(x));
      return perOutput ? (m[i] as MetricIdentifier[]) : (m as MetricIdentifier[]);
    }
    const entry = m[outputs[i]!.name];
    return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  };
  const metricNames = outputs.map((o, i) =>
    o.metrics.map((metric, j) => metricName(givenMetrics(i)[j], metric.name)),
  );
  const optimizerConfig = JSON.parse(JSON.stringify(compiled.optimizer.getConfig())) as unknown;
  assertPlainJson(
    optimizerConfig,
    { file: 'model.json' },
    'trainingConfig.optimizer_config.config',
  );
  const optimizer_config = { class_name: compiled.optimizer.className, config: optimizerConfig };
  if (outputs.length === 1)
    return { loss: lossName(0), metrics: metricNames[0]!, optimizer_config };
  return {
    loss: Object.fromEntries(outputs.map((o, i) => [o.name, lossName(i)])),
    metrics: Object.fromEntries(outputs.map((o, i) => [o.name, metricNames[i]!])),
    loss_weights: Object.fromEntries(outputs.map((o) => [o.name, o.weight])),
    optimizer_config,
  };
}

/** The model's artifacts: topology, weights (and, with `includeOptimizer`, the training state). */
export async function modelToArtifacts(
  model: SavableModel,
  options: SaveOptions = {},
): Promise<ModelArtifacts> {
  checkOptions(
    'modelToArtifacts',
    'modelToArtifacts(model, { includeOptimizer? })',
    options,
    SAVE_KEYS,
  );
  let topology: JsonObject;
  try {
    topology = modelTopology(model);
  } catch (e) {
    if (e instanceof ValueError && /has no layers/.test(e.message))
      throw new ValueError(`save: model '${model.name}' has no layers`, { cause: e });
    throw e;
  }
  const weights = model.weights;
  const { specs, chunks } = await encodeWeights(
    weights.map((w) => ({ name: w.originalName, tensor: w.variable })),
  );
  const artifacts: ModelArtifacts = {
    modelTopology: topology,
    format: 'layers-model',
    generatedBy: `Glia ${GLIA_VERSION}`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: new ArrayBuffer(0),
  };
  if (options.includeOptimizer && model.compiled) {
    artifacts.trainingConfig = trainingConfig(model.compiled);
    const toOriginal = new Map(weights.map((w) => [w.variable.name, w.originalName]));
    const state = model.compiled.optimizer.getWeights();
    try {
      const optimizer = await encodeWeights(
        state.map((s) => ({ name: renameStatePrefix(s.name, toOriginal), tensor: s.tensor })),
        'optimizer',
      );
      specs.push(...optimizer.specs);
      chunks.push(...optimizer.chunks);
    } finally {
      for (const s of state) s.tensor.dispose();
    }
  }
  artifacts.weightData = concatBytes(chunks);
  return artifacts;
}

/** Serializes the model and hands the artifacts to the target's handler. */
export async function saveModel(
  model: SavableModel,
  target: SaveTarget,
  options: SaveOptions = {},
): Promise<SaveResult> {
  checkOptions('save', 'save(target, { includeOptimizer? })', options, SAVE_KEYS);
  const handler = typeof target === 'string' ? getSaveHandler(target) : target;
  if (typeof handler?.save !== 'function') {
    throw new ValueError(
      'save: the handler has no save method (a load-only handler such as fromMemory?)',
    );
  }
  return handler.save(await modelToArtifacts(model, options));
}
