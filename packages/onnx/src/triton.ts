import { ValueError } from '@glia/core';
import type { LayersModel } from '@glia/layers';
import { OnnxImportError } from './errors';
import { type ToOnnxOptions, toOnnx } from './export/to-onnx';
import { decodeModelBytes } from './import/parse-model';
import { filePath, nodeModules } from './node-files';
import { checkOptionKeys } from './options';
import { DataType, int64ToNumber, type ValueInfoProto } from './proto/model-proto';

/** Triton model-repository settings. */
export interface TritonOptions {
  /** The model's name in the repository (its folder name). */
  name: string;
  /**
   * The largest batch Triton may form (default 64). Above 0, Triton adds the batch dimension itself
   * and `dims` leave it out; 0 turns batching off and `dims` start with -1 for the batch.
   */
  maxBatchSize?: number;
  /** The version folder. Default 1. */
  version?: number;
}

const TRITON_OPTION_KEYS = ['name', 'maxBatchSize', 'version'];

const TRITON_TYPES: Readonly<Record<number, string>> = {
  [DataType.FLOAT]: 'TYPE_FP32',
  [DataType.DOUBLE]: 'TYPE_FP64',
  [DataType.INT32]: 'TYPE_INT32',
  [DataType.INT64]: 'TYPE_INT64',
  [DataType.INT8]: 'TYPE_INT8',
  [DataType.UINT8]: 'TYPE_UINT8',
  [DataType.BOOL]: 'TYPE_BOOL',
};

function checkTritonOptions(owner: string, options: TritonOptions): Required<TritonOptions> {
  checkOptionKeys(owner, options, TRITON_OPTION_KEYS);
  const { name, maxBatchSize = 64, version = 1 } = options;
  if (
    typeof name !== 'string' ||
    !/^[A-Za-z0-9_.-]+$/.test(name) ||
    name === '.' ||
    name === '..'
  ) {
    throw new ValueError(
      `${owner}: name ${JSON.stringify(name)} must be a folder name (letters, digits, _ . -)`,
    );
  }
  if (!Number.isSafeInteger(maxBatchSize) || maxBatchSize < 0) {
    throw new ValueError(`${owner}: maxBatchSize ${maxBatchSize} must be a non-negative integer`);
  }
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new ValueError(`${owner}: version ${version} must be a positive integer`);
  }
  return { name, maxBatchSize, version };
}

function tensorEntry(v: ValueInfoProto, batched: boolean): string {
  const type = v.type?.tensorType;
  const tritonType = TRITON_TYPES[type?.elemType ?? 0];
  if (!tritonType)
    throw new OnnxImportError(
      `tritonConfig: '${v.name}' has ONNX element type ${type?.elemType}, which has no Triton type here`,
    );
  const dims = (type?.shape?.dim ?? []).map((d) => {
    const n = d.dimParam || d.dimValue === undefined ? -1 : int64ToNumber(d.dimValue);
    return n > 0 ? n : -1;
  });
  const shown = batched ? dims.slice(1) : [-1, ...dims.slice(1)];
  return `  {\n    name: "${v.name}"\n    data_type: ${tritonType}\n    dims: [ ${shown.join(', ')} ]\n  }`;
}

/**
 * The `config.pbtxt` of an ONNX model for Triton's onnxruntime backend: its input and output
 * names, types and dims as the ONNX file declares them, and `max_batch_size`.
 */
export function tritonConfig(onnxBytes: Uint8Array, options: TritonOptions): string {
  const { name, maxBatchSize } = checkTritonOptions('tritonConfig', options);
  const graph = decodeModelBytes(onnxBytes).graph;
  const initializers = new Set((graph?.initializer ?? []).map((t) => t.name));
  const inputs = (graph?.input ?? []).filter((v) => !initializers.has(v.name));
  const batched = maxBatchSize > 0;
  return [
    `name: "${name}"`,
    'platform: "onnxruntime_onnx"',
    `max_batch_size: ${maxBatchSize}`,
    `input [\n${inputs.map((v) => tensorEntry(v, batched)).join(',\n')}\n]`,
    `output [\n${(graph?.output ?? []).map((v) => tensorEntry(v, batched)).join(',\n')}\n]`,
    '',
  ].join('\n');
}

/**
 * Writes a Triton model repository entry for `model` under a folder (Node):
 * `<folder>/<name>/<version>/model.onnx` and `<folder>/<name>/config.pbtxt`. Returns the model's
 * folder.
 *
 * ```ts
 * await saveTritonModel(model, 'file://./model_repository', { name: 'mnist' });
 * // tritonserver --model-repository=./model_repository
 * ```
 */
export async function saveTritonModel(
  model: LayersModel,
  repository: string,
  options: TritonOptions,
  onnxOptions: ToOnnxOptions = {},
): Promise<string> {
  const settings = checkTritonOptions('saveTritonModel', options);
  const root = filePath('saveTritonModel', repository);
  const bytes = await toOnnx(model, onnxOptions);
  const config = tritonConfig(bytes, settings);
  const { fs, path } = await nodeModules('saveTritonModel');
  const folder = path.join(root, settings.name);
  await fs.mkdir(path.join(folder, String(settings.version)), { recursive: true });
  await fs.writeFile(path.join(folder, String(settings.version), 'model.onnx'), bytes);
  await fs.writeFile(path.join(folder, 'config.pbtxt'), config);
  return folder;
}
