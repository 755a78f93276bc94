import { type Tensor, ValueError } from '@glia/core';
import type { Sequential } from '../model/sequential';
import type { ModelArtifacts, SaveResult, SaveTarget, WeightSpec } from './io-types';
import { getSaveHandler } from './router';
import { configToJson, type JsonObject, toSnakeCase } from './serialization';
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

/** The model's Keras topology, as model.json's `modelTopology`. */
export function modelTopology(model: Sequential): JsonObject {
  const config = model.getConfig();
  return {
    class_name: 'Sequential',
    config: {
      name: config.name,
      layers: config.layers.map((layer, i) => ({
        class_name: layer.className,
        config: configToJson(layer.config, '', `layers[${i}].config`),
      })),
    },
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

/** The compile settings as TF.js writes them (`trainingConfig`), snake_case loss and metric names. */
function trainingConfig(model: Sequential): JsonObject {
  const compiled = model.compiled!;
  const metricNames = compiled.metrics.map((m, i) => {
    const given = compiled.args.metrics?.[i];
    return toSnakeCase(typeof given === 'string' ? given : m.name);
  });
  const lossGiven = compiled.args.loss;
  const optimizerConfig = JSON.parse(JSON.stringify(compiled.optimizer.getConfig())) as unknown;
  assertPlainJson(
    optimizerConfig,
    { file: 'model.json' },
    'trainingConfig.optimizer_config.config',
  );
  return {
    loss: toSnakeCase(typeof lossGiven === 'string' ? lossGiven : compiled.loss.name),
    metrics: metricNames,
    optimizer_config: { class_name: compiled.optimizer.className, config: optimizerConfig },
  };
}

/** The model's artifacts: topology, weights (and, with `includeOptimizer`, the training state). */
export async function modelToArtifacts(
  model: Sequential,
  options: SaveOptions = {},
): Promise<ModelArtifacts> {
  if (model.layers.length === 0) throw new ValueError(`save: model '${model.name}' has no layers`);
  if (!model.built) model.build();
  const weights = model.weights;
  const { specs, chunks } = await encodeWeights(
    weights.map((w) => ({ name: w.originalName, tensor: w.variable })),
  );
  const artifacts: ModelArtifacts = {
    modelTopology: modelTopology(model),
    format: 'layers-model',
    generatedBy: `Glia ${GLIA_VERSION}`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: new ArrayBuffer(0),
  };
  if (options.includeOptimizer && model.compiled) {
    artifacts.trainingConfig = trainingConfig(model);
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
  model: Sequential,
  target: SaveTarget,
  options: SaveOptions = {},
): Promise<SaveResult> {
  const handler = typeof target === 'string' ? getSaveHandler(target) : target;
  if (typeof handler?.save !== 'function') {
    throw new ValueError(
      'save: the handler has no save method (a load-only handler such as fromMemory?)',
    );
  }
  return handler.save(await modelToArtifacts(model, options));
}
