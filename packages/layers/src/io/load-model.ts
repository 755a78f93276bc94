import { type DType, dispose, type Tensor, tensor, ValueError } from '@glia/core';
import { optimizerFromConfig } from '@glia/optimizers';
import { withWeightGuard } from '../engine/weight-guard';
import { Sequential } from '../model/sequential';
import type { IOHandler, ModelArtifacts, WeightSpec } from './io-types';
import { manifestWeightGuard } from './manifest-weight-guard';
import { ModelFileError } from './model-file-error';
import { getLoadHandler } from './router';
import { renameStatePrefix } from './save-model';
import {
  type ValidatedArtifacts,
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

/** Adds the file's layers to a new model one by one (building each), naming the one that fails. */
function buildModel(validated: ValidatedArtifacts, file: string): Sequential {
  const model = new Sequential(
    validated.topology.name === undefined ? {} : { name: validated.topology.name },
  );
  try {
    const guard = manifestWeightGuard(validated, file);
    for (const { layer, path } of validated.topology.layers) {
      try {
        // each weight is checked against the manifest before it is allocated
        withWeightGuard(guard, () => {
          model.add(layer);
          model.build();
        });
      } catch (e) {
        // The model lets go of a layer that does not fit, but that layer may hold weights already.
        if (!model.layers.includes(layer)) layer.dispose();
        if (e instanceof ModelFileError) throw e;
        throw new ModelFileError(
          file,
          path,
          `${layer.className} '${layer.name}' does not fit the layers before it: ${errorText(e)}`,
        );
      }
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Checks the file's weights against the built model by name, shape and dtype; then sets them. */
function setModelWeights(
  model: Sequential,
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
  model: Sequential,
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
    model.compile({ optimizer, loss: training.loss, metrics: training.metrics });
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
export function modelFromArtifacts(artifacts: ModelArtifacts, file = 'model.json'): Sequential {
  const validated = validateArtifacts(artifacts, file);
  const model = buildModel(validated, file);
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
 * Loads a Sequential model saved by Glia or TF.js: `'file://dir/model.json'` (Node),
 * `'indexeddb://name'`, `'localstorage://name'`, `'https://host/model.json'`, or any handler
 * (`fromMemory(artifacts)`). The file is validated before anything is allocated; a model saved
 * with its optimizer comes back compiled, its optimizer state restored.
 *
 * ```ts
 * await model.save('file://./my-model');
 * const again = await loadModel('file://./my-model/model.json');
 * ```
 */
export async function loadModel(source: string | IOHandler): Promise<Sequential> {
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
