import { type DType, dispose, type Tensor, tensor, ValueError } from '@glia/core';
import { optimizerFromConfig } from '@glia/optimizers';
import type { Layer } from '../engine/layer';
import type { SymbolicTensor } from '../engine/node';
import { withWeightGuard } from '../engine/weight-guard';
import { LayersModel } from '../model/layers-model';
import { Sequential } from '../model/sequential';
import type { IOHandler, ModelArtifacts, WeightSpec } from './io-types';
import { manifestWeightGuard } from './manifest-weight-guard';
import { ModelFileError } from './model-file-error';
import { getLoadHandler } from './router';
import { renameStatePrefix } from './save-model';
import type { ValidatedGraph } from './validate-graph';
import {
  type ValidatedArtifacts,
  type ValidatedLayer,
  type ValidatedSequential,
  type ValidatedTopology,
  validateArtifacts,
  weightByteLength,
} from './validate-model-json';

/** A tensor of `spec` from its bytes (copied, so odd offsets after bool weights are fine). */
function decodeWeight(data: ArrayBuffer, spec: WeightSpec, offset: number): Tensor {
  const bytes = data.slice(offset, offset + weightByteLength(spec));
  const values =
    spec.dtype === 'float32'
      ? new Float32Array(bytes)
      : spec.dtype === 'int32'
        ? new Int32Array(bytes)
        : new Uint8Array(bytes);
  return tensor(values, spec.shape, spec.dtype as DType);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The layer a validated entry describes: made by the validator, or (a model) built here. */
function layerOf(entry: ValidatedLayer, file: string, made: Layer[]): Layer {
  if ('layer' in entry) return entry.layer;
  const model = buildModel(entry.model, file);
  made.push(model);
  return model;
}

/** Every layer object the validator made for `topology` (to free them if loading fails). */
function validatedLayers(topology: ValidatedTopology): Layer[] {
  const entries =
    topology.kind === 'sequential' ? topology.layers : topology.layers.map((l) => l.value);
  return entries.flatMap((e) => ('layer' in e ? [e.layer] : validatedLayers(e.model)));
}

/** Adds the file's layers to a new Sequential one by one (building each), naming the one that fails. */
function buildSequential(validated: ValidatedSequential, file: string): Sequential {
  let model: Sequential;
  try {
    model = new Sequential(validated.name === undefined ? {} : { name: validated.name });
  } catch (e) {
    for (const layer of validatedLayers(validated)) layer.dispose();
    throw new ModelFileError(file, 'modelTopology.config.name', errorText(e));
  }
  const made: Layer[] = [];
  try {
    for (const entry of validated.layers) {
      const layer = layerOf(entry, file, made);
      try {
        model.add(layer);
      } catch (e) {
        if (e instanceof ModelFileError) throw e;
        throw new ModelFileError(
          file,
          entry.path,
          `${layer.className} '${layer.name}' does not fit the layers before it: ${errorText(e)}`,
        );
      }
    }
  } catch (e) {
    model.dispose();
    for (const layer of [...made, ...validatedLayers(validated)]) layer.dispose();
    throw e;
  }
  return model;
}

/** Calls the file's layers in its graph's order on symbolic tensors, then makes the model. */
function buildFunctional(validated: ValidatedGraph<ValidatedLayer>, file: string): LayersModel {
  const made: Layer[] = [];
  try {
    const layers = validated.layers.map((spec) => layerOf(spec.value, file, made));
    const outputs = new Map<string, SymbolicTensor<Layer>[][]>();
    validated.layers.forEach((spec, i) => {
      const layer = layers[i]!;
      if (spec.isInput) outputs.set(spec.name, [[...layer.inboundNodes[0]!.outputs]]);
      else outputs.set(spec.name, []);
    });
    const specOf = new Map(validated.layers.map((spec) => [spec.name, spec]));
    // A nested model's calls are numbered from 1 in the file (see GraphEntry.firstNode).
    const tensorAt = (ref: { layer: string; node: number; tensor: number }) => {
      const spec = specOf.get(ref.layer)!;
      const position = spec.isInput ? ref.node : ref.node - spec.firstNode;
      return outputs.get(ref.layer)![position]![ref.tensor]!;
    };
    for (const { layer: index, node } of validated.order) {
      const spec = validated.layers[index]!;
      const layer = layers[index]!;
      try {
        const results = layer.applySymbolic(spec.inboundNodes[node]!.map(tensorAt));
        outputs.get(spec.name)![node] = results;
      } catch (e) {
        throw new ModelFileError(
          file,
          `${spec.path}.inbound_nodes[${node}]`,
          `${layer.className} '${layer.name}' does not fit its inputs: ${errorText(e)}`,
        );
      }
    }
    try {
      const model = new LayersModel({
        inputs: validated.inputs.map(tensorAt),
        outputs: validated.outputs.map(tensorAt),
        ...(validated.name === undefined ? {} : { name: validated.name }),
      });
      model.trainable = validated.trainable;
      // a layer of the file that no output depends on is not part of the model: free its weights
      const used = new Set<Layer>(model.layers);
      for (const layer of layers) if (!used.has(layer)) layer.dispose();
      return model;
    } catch (e) {
      throw new ModelFileError(file, 'modelTopology', errorText(e));
    }
  } catch (e) {
    for (const layer of [...made, ...validatedLayers(validated)]) layer.dispose();
    throw e;
  }
}

/** The model a validated topology describes, its weights created (from their initializers). */
function buildModel(validated: ValidatedTopology, file: string): LayersModel {
  return validated.kind === 'sequential'
    ? buildSequential(validated, file)
    : buildFunctional(validated, file);
}

/** Checks the file's weights against the built model by name, shape and dtype; then sets them. */
function setModelWeights(
  model: LayersModel,
  validated: ValidatedArtifacts,
  data: ArrayBuffer,
  file: string,
): void {
  const byName = new Map(validated.modelSpecs.map((s) => [s.spec.name, s]));
  const weights = model.weights;
  const missing = weights.filter((w) => !byName.has(w.originalName)).map((w) => w.originalName);
  if (missing.length > 0) {
    throw new ModelFileError(
      file,
      'weightsManifest',
      `lacks weights of the model: ${missing.join(', ')} (the manifest has ${[...byName.keys()].join(', ') || 'none'})`,
    );
  }
  const wanted = new Set(weights.map((w) => w.originalName));
  const extra = validated.modelSpecs.find((s) => !wanted.has(s.spec.name));
  if (extra) {
    throw new ModelFileError(
      file,
      `${extra.path}.name`,
      `'${extra.spec.name}' is not a weight of the model (its weights: ${[...wanted].join(', ')})`,
    );
  }
  for (const w of weights) {
    const { spec, path } = byName.get(w.originalName)!;
    const expected = w.variable.shape;
    if (spec.shape.length !== expected.length || spec.shape.some((d, i) => d !== expected[i])) {
      throw new ModelFileError(
        file,
        `${path}.shape`,
        `'${spec.name}' is [${spec.shape.join(',')}]: the layer's weight is [${expected.join(',')}]`,
      );
    }
    if (spec.dtype !== w.variable.dtype) {
      throw new ModelFileError(
        file,
        `${path}.dtype`,
        `'${spec.name}' is ${spec.dtype}: the layer's weight is ${w.variable.dtype}`,
      );
    }
  }
  const values = weights.map((w) => {
    const { spec, offset } = byName.get(w.originalName)!;
    return decodeWeight(data, spec, offset);
  });
  try {
    model.setWeights(values);
  } finally {
    dispose(values);
  }
}

/** Compiles with the file's training config and restores the optimizer's state, when saved. */
function restoreTraining(
  model: LayersModel,
  validated: ValidatedArtifacts,
  data: ArrayBuffer,
  file: string,
): void {
  const training = validated.trainingConfig;
  if (!training) return;
  let optimizer: ReturnType<typeof optimizerFromConfig>;
  try {
    optimizer = optimizerFromConfig(training.optimizer.className, training.optimizer.config);
  } catch (e) {
    throw new ModelFileError(file, 'trainingConfig.optimizer_config', errorText(e));
  }
  try {
    const several = model.outputNames.length > 1;
    model.compile({
      optimizer,
      loss: training.loss,
      metrics: several && training.metricsByOutput ? training.metricsByOutput : training.metrics,
      ...(training.lossWeights ? { lossWeights: training.lossWeights } : {}),
    });
  } catch (e) {
    optimizer.dispose();
    throw new ModelFileError(
      file,
      'trainingConfig',
      `cannot compile the model with it: ${errorText(e)}`,
    );
  }
  if (validated.optimizerSpecs.length === 0) return;
  const toVariable = new Map(model.weights.map((w) => [w.originalName, w.variable.name]));
  const state = validated.optimizerSpecs.map(({ spec, offset }) => ({
    name: renameStatePrefix(spec.name, toVariable),
    tensor: decodeWeight(data, spec, offset),
  }));
  try {
    optimizer.setWeights(state);
  } catch (e) {
    throw new ModelFileError(
      file,
      'weightsManifest',
      `the optimizer state does not fit ${training.optimizer.className}: ${errorText(e)}`,
    );
  } finally {
    dispose(state.map((s) => s.tensor));
  }
}

/**
 * A model from validated artifacts. The file is checked whole before any tensor exists; if
 * building or setting weights still fails, everything allocated is freed.
 */
export function modelFromArtifacts(artifacts: ModelArtifacts, file = 'model.json'): LayersModel {
  const validated = validateArtifacts(artifacts, file);
  // Each weight the topology implies is checked against the manifest before it is allocated.
  const model = withWeightGuard(manifestWeightGuard(validated, file), () =>
    buildModel(validated.topology, file),
  );
  try {
    setModelWeights(model, validated, artifacts.weightData, file);
    restoreTraining(model, validated, artifacts.weightData, file);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Loads a model saved by Glia, TF.js or Keras (a Sequential, or a functional model as a
 * `LayersModel`; check with `instanceof Sequential`): `'file://dir/model.json'` (Node),
 * `'indexeddb://name'`, `'localstorage://name'`, `'https://host/model.json'`, or any handler
 * (`fromMemory(artifacts)`). The file is validated before anything is allocated; a model saved
 * with its optimizer comes back compiled, its optimizer state restored.
 *
 * ```ts
 * await model.save('file://./my-model');
 * const again = await loadModel('file://./my-model/model.json');
 * ```
 */
export async function loadModel(
  source: string | IOHandler,
  ...extra: never[]
): Promise<LayersModel> {
  // TF.js' load options ({ strict, onProgress, ... }) would be silently dropped.
  if (extra.length > 0)
    throw new ValueError(
      `loadModel: got ${1 + extra.length} arguments: expected loadModel(source), e.g. loadModel('file://./my-model/model.json')`,
    );
  const handler = typeof source === 'string' ? getLoadHandler(source) : source;
  if (typeof handler?.load !== 'function') {
    throw new ValueError(
      'loadModel: the handler has no load method (a save-only handler such as downloads://?)',
    );
  }
  const artifacts = await handler.load();
  const file = handler.source ?? (typeof source === 'string' ? source : 'model.json');
  return modelFromArtifacts(artifacts, file);
}
