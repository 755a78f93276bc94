import { input, type LayersModel, model, type SymbolicShape, sequential } from '@glia/layers';
import { OnnxImportError } from '../errors';
import { filePath, nodeModules } from '../node-files';
import { checkOptionKeys } from '../options';
import type { ModelProto } from '../proto/model-proto';
import { OnnxGraph } from './graph-layer';
import { IMPORT_OPS } from './ops/index';
import { decodeModelBytes, externalLocation, type GraphValue, parseModel } from './parse-model';
import { elementBytes, tensorDims } from './tensor-data';

/** `fromOnnx` and `loadOnnx` settings. */
export interface FromOnnxOptions {
  /** The model's name. Default: the graph's name. */
  name?: string;
}

/** The op types `fromOnnx` runs. */
export const IMPORTABLE_OPS: readonly string[] = [...IMPORT_OPS.keys()].sort();

const KNOWN_OPS: ReadonlySet<string> = new Set(IMPORT_OPS.keys());

/** A graph value's shape as a Glia input's: [batch, ...], or an error when it declares none. */
function inputShape(v: GraphValue): SymbolicShape {
  if (!v.dims || v.dims.length === 0) {
    throw new OnnxImportError(
      `fromOnnx: the graph input '${v.name}' declares no shape: expected [batch, ...]`,
    );
  }
  return [null, ...v.dims.slice(1)];
}

/**
 * The model of a parsed graph: a Sequential model of one OnnxGraph layer for a graph of one input
 * and one output, else a functional model with one input per graph input (named as in the graph)
 * and the graph's outputs, in order.
 */
function modelFrom(
  proto: ModelProto,
  options: FromOnnxOptions,
  external?: ReadonlyMap<string, Uint8Array>,
): LayersModel {
  checkOptionKeys('fromOnnx', options, ['name']);
  const graph = parseModel(proto, KNOWN_OPS, external);
  const shapes = graph.inputs.map(inputShape);
  const name = options.name ? { name: options.name } : {};
  if (graph.inputs.length === 1 && graph.outputs.length === 1) {
    const layer = new OnnxGraph({ graph, batchInputShape: shapes[0]! });
    return sequential({ layers: [layer], ...name });
  }
  const inputs = graph.inputs.map((v, i) => input({ batchShape: shapes[i]!, name: v.name }));
  const outputs = new OnnxGraph({ graph }).applySymbolic(inputs);
  return model({ inputs, outputs, ...name });
}

/**
 * A Glia model from the bytes of an ONNX model: it predicts, and it trains (`compile` then `fit`),
 * since the graph's float initializers become its weights. A graph of one input and one output
 * becomes a Sequential model; one of several inputs or outputs a functional model, whose inputs
 * carry the graph's input names (`predict([a, b])` returns one tensor per graph output; narrow a
 * one-output model with `singleOutput`). The
 * bytes are untrusted: sizes are checked before allocating, and unknown ops, cycles, and tensors
 * whose bytes do not match their dims are `OnnxImportError`s naming the culprit. Tensors stored in
 * external files need `loadOnnx`.
 *
 * ```ts
 * const model = singleOutput(fromOnnx(await readFile('model.onnx')));
 * model.predict(x); // a Tensor
 * ```
 */
export function fromOnnx(bytes: Uint8Array, options: FromOnnxOptions = {}): LayersModel {
  return modelFrom(decodeModelBytes(bytes), options);
}

/**
 * Reads an ONNX model from a file (Node) and returns it as `fromOnnx` does; tensors stored in
 * external data files are read from the model's folder, and a location that leaves that folder is
 * an `OnnxImportError` naming the tensor.
 *
 * ```ts
 * const model = await loadOnnx('file://./model.onnx');
 * ```
 */
export async function loadOnnx(url: string, options: FromOnnxOptions = {}): Promise<LayersModel> {
  const path = filePath('loadOnnx', url);
  const { fs, path: paths } = await nodeModules('loadOnnx');
  const proto = decodeModelBytes(new Uint8Array(await fs.readFile(path)));
  const folder = await fs.realpath(paths.dirname(paths.resolve(path)));
  const external = new Map<string, Uint8Array>();
  for (const t of proto.graph?.initializer ?? []) {
    const location = externalLocation(t);
    if (location === undefined) continue;
    const name = t.name ?? '';
    const owner = `loadOnnx: initializer '${name}'`;
    // Checked on the path as written first (nothing outside the folder is even looked at), then on
    // the real path (a symbolic link inside the folder may point out of it).
    const leaves = (p: string): boolean => {
      const relative = paths.relative(folder, p);
      return relative === '' || relative.startsWith('..') || paths.isAbsolute(relative);
    };
    if (location === '' || paths.isAbsolute(location) || leaves(paths.resolve(folder, location))) {
      throw new OnnxImportError(
        `${owner}: external data location '${location}' leaves the model's folder`,
      );
    }
    const real = await fs.realpath(paths.resolve(folder, location)).catch(() => {
      throw new OnnxImportError(`${owner}: external data file '${location}' does not exist`);
    });
    if (leaves(real)) {
      throw new OnnxImportError(
        `${owner}: external data location '${location}' leaves the model's folder (through a link)`,
      );
    }
    const entry = (key: string): number => {
      const v = t.externalData?.find((e) => e.key === key)?.value;
      const n = v === undefined ? 0 : Number(v);
      if (!Number.isSafeInteger(n) || n < 0)
        throw new OnnxImportError(`${owner}: external data ${key} '${v}' is not a byte count`);
      return n;
    };
    const offset = entry('offset');
    const { size } = await fs.stat(real);
    const length = t.externalData?.some((e) => e.key === 'length')
      ? entry('length')
      : size - offset;
    const { count } = tensorDims(owner, t);
    const expected = count * elementBytes(owner, t.dataType);
    if (length !== expected) {
      throw new OnnxImportError(
        `${owner}: external data holds ${length} bytes but its dims need ${expected}`,
      );
    }
    if (offset + length > size) {
      throw new OnnxImportError(
        `${owner}: external data [${offset}, ${offset + length}) lies past the end of '${location}' (${size} bytes)`,
      );
    }
    const handle = await fs.open(real, 'r');
    try {
      const buffer = new Uint8Array(length);
      await handle.read(buffer, 0, length, offset);
      external.set(name, buffer);
    } finally {
      await handle.close();
    }
  }
  return modelFrom(proto, options, external);
}
