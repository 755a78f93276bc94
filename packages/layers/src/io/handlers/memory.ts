import { ValueError } from '@glia/core';
import type { IOHandler, ModelArtifacts, ModelJson, SaveResult } from '../io-types';
import { ModelFileError } from '../model-file-error';
import { validateModelJson } from '../validate-model-json';
import { modelJsonFor, saveResult } from './model-json';

/**
 * Artifacts as other libraries hold them: TF.js's `ModelArtifacts` (whose `weightData` may be a
 * list of buffers) passes as it is; `loadModel` validates every field.
 */
export interface ArtifactsLike {
  modelTopology?: unknown;
  weightSpecs?: unknown;
  weightData?: ArrayBuffer | ArrayBuffer[];
  trainingConfig?: unknown;
  format?: unknown;
  generatedBy?: unknown;
  convertedBy?: unknown;
}

/** A handler that keeps what it saves; `load` gives it back. */
export interface MemoryHandler extends IOHandler {
  /** The last artifacts saved (copies), or undefined before the first save. */
  artifacts: ModelArtifacts | undefined;
  save(artifacts: ModelArtifacts): Promise<SaveResult>;
  load(): Promise<ModelArtifacts>;
}

function joinBuffers(data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (data instanceof ArrayBuffer) return data.slice(0);
  if (!Array.isArray(data) || !data.every((b) => b instanceof ArrayBuffer)) {
    throw new ModelFileError(
      'model.json',
      'weightData',
      'expected an ArrayBuffer or a list of them',
    );
  }
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/** A deep copy of JSON-like data (structuredClone keeps own `__proto__` keys for validation to see). */
function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** A handler that captures the artifacts `save` gets, in memory: `model.save(h)`, then `loadModel(h)`. */
export function memoryHandler(): MemoryHandler {
  const handler: MemoryHandler = {
    artifacts: undefined,
    async save(artifacts) {
      handler.artifacts = { ...copy(artifacts), weightData: artifacts.weightData.slice(0) };
      const json = JSON.stringify(modelJsonFor(artifacts, 'weights.bin'));
      return saveResult('memory', json, artifacts.weightData);
    },
    async load() {
      if (!handler.artifacts)
        throw new ValueError('memoryHandler: nothing saved yet: save a model into it first');
      return { ...copy(handler.artifacts), weightData: handler.artifacts.weightData.slice(0) };
    },
  };
  return handler;
}

/**
 * A load handler for artifacts in memory: TF.js's or Glia's `ModelArtifacts`, or a parsed
 * model.json with its weight bytes (`fromMemory(modelJson, weightsBin)`).
 */
export function fromMemory(artifacts: ArtifactsLike): IOHandler;
export function fromMemory(modelJson: unknown, weightData: ArrayBuffer | ArrayBuffer[]): IOHandler;
export function fromMemory(first: unknown, weightData?: ArrayBuffer | ArrayBuffer[]): IOHandler {
  if (weightData !== undefined) {
    const json: ModelJson = validateModelJson(copy(first), 'model.json');
    const data = joinBuffers(weightData);
    const artifacts: ModelArtifacts = {
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: data,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
    };
    return {
      source: 'model.json',
      load: async () => ({ ...artifacts, weightData: data.slice(0) }),
    };
  }
  if (typeof first !== 'object' || first === null)
    throw new ValueError('fromMemory: expected model artifacts');
  const given = first as ArtifactsLike;
  const artifacts = {
    ...copy({ ...given, weightData: undefined }),
    weightData: joinBuffers(given.weightData),
    // Checked field by field by loadModel (validateArtifacts) before anything is built.
  } as ModelArtifacts;
  return {
    source: 'model.json',
    load: async () => ({ ...artifacts, weightData: artifacts.weightData.slice(0) }),
  };
}
