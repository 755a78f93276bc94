import type { Tensor } from '@glia/core';
import { ValueError } from '@glia/core';
import type { LayersModel } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { GraphBuilder, type GraphDim, graphModel } from '../graph-builder';
import { OnnxGraph } from '../import/graph-layer';
import { filePath, nodeModules } from '../node-files';
import { checkOptionKeys } from '../options';
import { encodeModel } from '../proto/codec';
import { DataType } from '../proto/model-proto';
import { ExportContext, type Value } from './context';
import { ExportProblems, exportGraph, isGraphModel } from './graph-walk';

/** The ONNX operator set Glia writes: 17 (LayerNormalization is in it; ONNX Runtime ≥ 1.13 runs it). */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;

/** `toOnnx` settings. */
export interface ToOnnxOptions {
  /**
   * The graph input's name, for a model of one input. Default 'input' for a Sequential model, the
   * input layer's name for a functional one, the graph's own name for an imported ONNX graph.
   */
  inputName?: string;
  /**
   * The graph output's name, for a model of one output. Default 'output' for a Sequential model,
   * the output's name (`model.outputNames`) for a functional one.
   */
  outputName?: string;
  /** The graph inputs' names, one per model input. Default `model.inputNames`. */
  inputNames?: readonly string[];
  /** The graph outputs' names, one per model output. Default `model.outputNames`. */
  outputNames?: readonly string[];
  /** Written as the model's doc_string. */
  docString?: string;
}

const OPTION_KEYS = ['inputName', 'outputName', 'inputNames', 'outputNames', 'docString'];

/** Every weight variable of `model` (nested models' and shared layers' included), read once. */
async function readWeights(model: LayersModel): Promise<Map<Tensor, Float32Array>> {
  const variables = new Set<Tensor>(model.weights.map((w) => w.variable));
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
function modelOpset(model: LayersModel): number {
  return onlyOnnxGraph(model)?.graph.opset ?? ONNX_OPSET;
}

/** The imported graph that is the whole model (besides its inputs), if it is one. */
function onlyOnnxGraph(model: LayersModel): OnnxGraph | undefined {
  const [only, ...rest] = model.layers.filter((l) => l.className !== 'InputLayer');
  return only instanceof OnnxGraph && rest.length === 0 ? only : undefined;
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
 * The ONNX names of the imported graph that the model is, if it is one (so that an imported graph
 * exports under its own names again); else 'input' and 'output' for a Sequential model, and the
 * model's own input and output names for a functional one.
 */
function defaultNames(model: LayersModel, side: 'input' | 'output'): string[] {
  const imported = onlyOnnxGraph(model);
  if (imported)
    return (side === 'input' ? imported.graph.inputs : imported.graph.outputs).map((v) => v.name);
  if (model.className === 'Sequential') return [side];
  return side === 'input' ? model.inputNames : model.outputNames;
}

/** The graph's value names for the model's inputs or outputs, from the options or the model. */
function graphNames(
  model: LayersModel,
  side: 'input' | 'output',
  options: ToOnnxOptions,
): string[] {
  const count = side === 'input' ? model.inputs.length : model.outputs.length;
  const one = side === 'input' ? options.inputName : options.outputName;
  const many = side === 'input' ? options.inputNames : options.outputNames;
  const key = side === 'input' ? 'inputName' : 'outputName';
  if (one !== undefined && many !== undefined)
    throw new ValueError(`toOnnx: give ${key} or ${key}s, not both`);
  if (one !== undefined && count !== 1) {
    throw new ValueError(
      `toOnnx: ${key} names one ${side}, and model '${model.name}' has ${count}: use ${key}s`,
    );
  }
  const names =
    many !== undefined ? [...many] : one !== undefined ? [one] : defaultNames(model, side);
  if (names.length !== count || names.some((n) => typeof n !== 'string' || n === '')) {
    throw new ValueError(
      `toOnnx: ${key}s must be ${count} non-empty string(s), one per model ${side}, got ${JSON.stringify(names)}`,
    );
  }
  return names;
}

function describeArgument(model: unknown): string {
  if (model === null) return 'null';
  if (typeof model === 'object') return (model as object).constructor?.name ?? 'an object';
  return typeof model;
}

/**
 * The bytes of an ONNX ModelProto (opset 17, IR version 8) that computes what `model.predict`
 * computes: the same input layout (channels last), weights as initializers, a dynamic batch
 * dimension. Sequential and functional models both export: several inputs and outputs, shared
 * layers (one set of initializers read by several nodes), merge layers, and models used as layers
 * (inlined). Layers that only act while training (Dropout, GaussianNoise, augmentation) export as
 * identities. A layer with no ONNX form is an `OnnxExportError` that lists every such layer.
 *
 * ```ts
 * const bytes = await toOnnx(model);
 * const session = await ort.InferenceSession.create(bytes);
 * ```
 */
export async function toOnnx(model: LayersModel, options: ToOnnxOptions = {}): Promise<Uint8Array> {
  checkOptionKeys('toOnnx', options, OPTION_KEYS);
  if (!isGraphModel(model)) {
    throw new ValueError(
      `toOnnx: expected a Sequential or functional model, got ${describeArgument(model)}`,
    );
  }
  if (!model.built || (model.className === 'Sequential' && model.layers.length === 0)) {
    throw new ValueError(
      `toOnnx: model '${model.name}' is not built: give its first layer an inputShape`,
    );
  }
  const graph = new GraphBuilder();
  const opset = modelOpset(model);
  const ctx = new ExportContext(graph, await readWeights(model), opset);
  const inputNames = graphNames(model, 'input', options);
  const outputNames = graphNames(model, 'output', options);
  const inputs: Value[] = model.inputs.map((t, i) => ({
    name: graph.addInput(inputNames[i]!, DataType.FLOAT, graphDims(t.shape)),
    shape: t.shape,
    layout: 'channelsLast',
  }));
  for (const name of outputNames) graph.reserve(name);
  const problems = new ExportProblems();
  const outputs = exportGraph(ctx, model, inputs, problems);
  if (problems.messages.length > 0) {
    throw new OnnxExportError(
      `toOnnx: model '${model.name}' has ${problems.messages.length} layer(s) with no ONNX form: ${problems.messages.join('; ')}`,
    );
  }
  outputs.forEach((value, i) => {
    const last = ctx.nhwc(value);
    graph.addOutputNode(outputNames[i]!, last.name);
    graph.addOutput(outputNames[i]!, DataType.FLOAT, graphDims(last.shape));
  });
  const proto = graphModel(graph, model.name, opset, irVersionFor(opset), options.docString);
  return encodeModel(proto);
}

/**
 * Writes `toOnnx(model)` to a file (Node): `await saveOnnx(model, 'file://./model.onnx')`.
 * Returns the number of bytes written.
 */
export async function saveOnnx(
  model: LayersModel,
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
