import type { ModelArtifacts, ModelJson, SaveResult } from '../io-types';
import { ModelFileError } from '../model-file-error';
import { checkWeightDataLength, validateModelJson, weightByteLength } from '../validate-model-json';

/** model.json's content for artifacts whose weights are saved in `weightsPaths` (one group). */
export function modelJsonFor(artifacts: ModelArtifacts, weightsPath: string): ModelJson {
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  };
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  return json;
}

/** Parses and validates model.json text, naming `file` in errors. */
export function parseModelJson(text: string, file: string): ModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(
      file,
      '',
      `is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return validateModelJson(json, file);
}

/**
 * The most weight bytes a model file may declare: 2 GiB, the most one ArrayBuffer reliably holds.
 * Checked against the manifest (and the files' sizes, when known) before any weight file is read.
 */
export const MAX_WEIGHT_BYTES = 2 ** 31;

/**
 * Artifacts from a validated model.json and a reader of its weight files. `sizeOf`, when given,
 * lets the byte count be checked before any weight file is read.
 */
export async function artifactsFromModelJson(
  json: ModelJson,
  file: string,
  read: (path: string) => Promise<ArrayBuffer>,
  sizeOf?: (path: string) => Promise<number>,
): Promise<ModelArtifacts> {
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const declared = specs.reduce((n, s) => n + weightByteLength(s), 0);
  if (declared > MAX_WEIGHT_BYTES) {
    throw new ModelFileError(
      file,
      'weightsManifest',
      `declares ${declared} bytes of weights: expected at most ${MAX_WEIGHT_BYTES} (MAX_WEIGHT_BYTES)`,
    );
  }
  if (sizeOf) {
    let total = 0;
    for (const p of paths) total += await sizeOf(p);
    checkWeightDataLength(specs, total, { file: `${file} (weights ${paths.join(', ')})` });
  }
  const buffers: ArrayBuffer[] = [];
  for (const p of paths) buffers.push(await read(p));
  const out = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  const artifacts: ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData: out.buffer,
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
  return artifacts;
}

/** A SaveResult for JSON text and weight bytes. */
export function saveResult(
  location: string,
  modelJsonText: string,
  weightData: ArrayBuffer,
): SaveResult {
  return {
    location,
    modelJsonBytes: new TextEncoder().encode(modelJsonText).byteLength,
    weightDataBytes: weightData.byteLength,
  };
}
