import type { Tensor } from '@glia/core';
import { ValueError } from '@glia/core';
import type { Layer, Sequential } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { GraphBuilder, type GraphDim, graphModel } from '../graph-builder';
import { OnnxGraph } from '../import/graph-layer';
import { filePath, nodeModules } from '../node-files';
import { checkOptionKeys } from '../options';
import { encodeModel } from '../proto/codec';
import { DataType } from '../proto/model-proto';
import { ExportContext, type Value } from './context';
import { exportLayer } from './layer-exporters';

/** The ONNX operator set Glia writes: 17 (LayerNormalization is in it; ONNX Runtime ≥ 1.13 runs it). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;

/** `toOnnx` settings. */
export interface ToOnnxOptions {
  /** The graph input's name. Default 'input'. */
  inputName?: string;
  /** The graph output's name. Default 'output'. */
  outputName?: string;
  /** Written as the model's doc_string. */
  docString?: string;
}

const OPTION_KEYS = ['inputName', 'outputName', 'docString'];

/** Every weight variable of `model`, read once (export reads weights asynchronously, so any backend works). */
async function readWeights(model: Sequential): Promise<Map<Tensor, Float32Array>> {
  const variables = new Set<Tensor>();
  const visit = (layer: Layer): void => {
    for (const w of layer.weights) variables.add(w.variable);
  };
  model.layers.forEach(visit);
  const values = new Map<Tensor, Float32Array>();
  await Promise.all(
    [...variables].map(async (v) => {
      const data = await v.data();
      values.set(
        v,
        data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
      );
    }),
  );
  return values;
}

/**
 * The opset to write: 17, or the opset of an imported graph when the model is that graph alone
 * (its nodes keep their meaning only in their own opset).
 */
function modelOpset(model: Sequential): number {
  const [only, ...rest] = model.layers;
  return only instanceof OnnxGraph && rest.length === 0 ? only.graph.opset : ONNX_OPSET;
}

/** The IR version that goes with each opset (ONNX's versioning table). */
function irVersionFor(opset: number): number {
  if (opset <= 8) return 3;
  if (opset === 9) return 4;
  if (opset === 10) return 5;
  if (opset === 11) return 6;
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

const graphDims = (shape: readonly (number | null)[]): GraphDim[] =>
  shape.map((d, i) => (i === 0 ? 'batch' : d === null ? `dim${i}` : d));

/**
 * The bytes of an ONNX ModelProto (opset 17, IR version 8) that computes what `model.predict`
 * computes: the same input layout (channels last), weights as initializers, a dynamic batch
 * dimension. Layers that only act while training (Dropout, GaussianNoise, augmentation) export as
 * identities. A layer with no ONNX form is an `OnnxExportError` that lists every such layer.
 *
 * ```ts
 * const bytes = await toOnnx(model);
 * const session = await ort.InferenceSession.create(bytes);
 * ```
 */
export async function toOnnx(model: Sequential, options: ToOnnxOptions = {}): Promise<Uint8Array> {
  checkOptionKeys('toOnnx', options, OPTION_KEYS);
  // By shape, not instanceof: a bundle may hold its own copy of @glia/layers.
  if (
    typeof model !== 'object' ||
    model === null ||
    !Array.isArray(model.layers) ||
    typeof model.build !== 'function'
  ) {
    throw new ValueError(
      `toOnnx: expected a Sequential model, got ${model === null ? 'null' : typeof model === 'object' ? (model as object).constructor?.name : typeof model}`,
    );
  }
  if (!model.built) {
    throw new ValueError(
      `toOnnx: model '${model.name}' is not built: give its first layer an inputShape`,
    );
  }
  const graph = new GraphBuilder();
  const opset = modelOpset(model);
  const ctx = new ExportContext(graph, await readWeights(model), opset);
  const inputShape = model.inputShape;
  const inputName = graph.addInput(
    options.inputName ?? 'input',
    DataType.FLOAT,
    graphDims(inputShape),
  );
  let value: Value = { name: inputName, shape: inputShape, layout: 'channelsLast' };
  const problems: string[] = [];
  for (const layer of model.layers) {
    try {
      value = exportLayer(ctx, layer, value);
    } catch (e) {
      if (!(e instanceof OnnxExportError)) throw e;
      problems.push(e.message);
      value = { name: '', shape: layer.computeOutputShape(value.shape), layout: 'channelsLast' };
    }
  }
  if (problems.length > 0) {
    throw new OnnxExportError(
      `toOnnx: model '${model.name}' has ${problems.length} layer(s) with no ONNX form: ${problems.join('; ')}`,
    );
  }
  const last = ctx.nhwc(value);
  const outputName = options.outputName ?? 'output';
  const [output] = graph.addNode('Identity', [last.name], {}, { name: outputName });
  graph.addOutput(output!, DataType.FLOAT, graphDims(last.shape));
  const proto = graphModel(graph, model.name, opset, irVersionFor(opset), options.docString);
  return encodeModel(proto);
}

/**
 * Writes `toOnnx(model)` to a file (Node): `await saveOnnx(model, 'file://./model.onnx')`.
 * Returns the number of bytes written.
 */
export async function saveOnnx(
  model: Sequential,
  url: string,
  options: ToOnnxOptions = {},
): Promise<number> {
  const path = filePath('saveOnnx', url);
  const bytes = await toOnnx(model, options);
  const { fs, path: pathModule } = await nodeModules('saveOnnx');
  await fs.mkdir(pathModule.dirname(pathModule.resolve(path)), { recursive: true });
  await fs.writeFile(path, bytes);
  return bytes.byteLength;
}
