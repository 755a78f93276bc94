import { OnnxImportError } from '../errors';
import { decodeModel } from '../proto/codec';
import {
  int64ToNumber,
  type ModelProto,
  type NodeProto,
  type ValueInfoProto,
} from '../proto/model-proto';
import { decodeTensor, type TensorData } from './tensor-data';

/** The most bytes an ONNX protobuf may have (protobuf's own 2 GiB limit). */
export const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** A graph input or output: its name and dims (`null` where symbolic). */
export interface GraphValue {
  readonly name: string;
  readonly dims: readonly (number | null)[] | undefined;
}

/** A checked ONNX graph, ready to run: nodes in topological order, initializers decoded. */
export interface ParsedGraph {
  readonly name: string;
  readonly opset: number;
  /** The graph inputs that are not initializers, in the graph's order. */
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  readonly nodes: readonly NodeProto[];
  readonly initializers: ReadonlyMap<string, TensorData>;
}

/** Decodes bytes as a ModelProto, naming the problem when they are not one. */
export function decodeModelBytes(bytes: Uint8Array): ModelProto {
  if (!(bytes instanceof Uint8Array)) {
    throw new OnnxImportError(
      `fromOnnx: expected the model's bytes as a Uint8Array, got ${Object.prototype.toString.call(bytes)}`,
    );
  }
  if (bytes.length > MAX_MODEL_BYTES) {
    throw new OnnxImportError(
      `fromOnnx: ${bytes.length} bytes is more than an ONNX protobuf may hold (${MAX_MODEL_BYTES})`,
    );
  }
  try {
    return decodeModel(bytes);
  } catch (e) {
    throw new OnnxImportError(
      `fromOnnx: the bytes are not an ONNX ModelProto: ${(e as Error).message}`,
    );
  }
}

function graphValue(v: ValueInfoProto): GraphValue {
  const dims = v.type?.tensorType?.shape?.dim?.map((d) => {
    if (d.dimValue === undefined || d.dimParam) return null;
    const n = int64ToNumber(d.dimValue);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  });
  return { name: v.name ?? '', dims };
}

/** The external-data location of an initializer, if it keeps its bytes outside the model. */
export function externalLocation(t: {
  dataLocation?: number;
  externalData?: { key?: string; value?: string }[];
}): string | undefined {
  if (t.dataLocation !== 1) return undefined;
  return t.externalData?.find((e) => e.key === 'location')?.value ?? '';
}

/**
 * Checks a decoded model and orders its nodes: one or more non-initializer inputs (distinct
 * names) and outputs, only ops in `knownOps` (every unknown one listed), every node input produced
 * somewhere, no value produced twice, no cycles, initializers whose bytes fit their dims.
 * `externalData` holds the bytes of initializers stored outside the model (read by loadOnnx).
 */
export function parseModel(
  model: ModelProto,
  knownOps: ReadonlySet<string>,
  externalData: ReadonlyMap<string, Uint8Array> = new Map(),
): ParsedGraph {
  const graph = model.graph;
  if (!graph) throw new OnnxImportError('fromOnnx: the model has no graph');
  const opsetEntry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  const opset = opsetEntry ? int64ToNumber(opsetEntry.version) : 0;
  if (!(opset >= 7 && opset <= 22)) {
    throw new OnnxImportError(
      `fromOnnx: default-domain opset ${opset} is not supported: expected 7 to 22`,
    );
  }

  const initializers = new Map<string, TensorData>();
  for (const t of graph.initializer ?? []) {
    const name = t.name ?? '';
    const owner = `fromOnnx: initializer '${name}'`;
    if (initializers.has(name)) throw new OnnxImportError(`${owner}: is defined twice`);
    const location = externalLocation(t);
    let external: Uint8Array | undefined;
    if (location !== undefined) {
      external = externalData.get(name);
      if (!external) {
        throw new OnnxImportError(
          `${owner}: keeps its data in external file '${location}': load the model with loadOnnx('file://…') so that file can be read`,
        );
      }
    }
    initializers.set(name, decodeTensor(owner, t, external));
  }

  const inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? ''));
  if (inputs.length === 0 || (graph.output ?? []).length === 0) {
    throw new OnnxImportError(
      `fromOnnx: the graph has ${inputs.length} input(s) and ${(graph.output ?? []).length} output(s): a Glia model needs at least one of each`,
    );
  }
  const inputNames = inputs.map((v) => v.name ?? '');
  const repeated = inputNames.find((n, i) => n === '' || inputNames.indexOf(n) !== i);
  if (repeated !== undefined) {
    throw new OnnxImportError(
      `fromOnnx: graph input ${repeated === '' ? 'with no name' : `'${repeated}' is declared twice`}: expected one distinct name per input`,
    );
  }

  const nodes = graph.node ?? [];
  const unknown = nodes.filter(
    (n) => (n.domain && n.domain !== 'ai.onnx') || !knownOps.has(n.opType ?? ''),
  );
  if (unknown.length > 0) {
    const list = unknown.map(
      (n) => `${n.domain ? `${n.domain}.` : ''}${n.opType} (node '${n.name ?? ''}')`,
    );
    throw new OnnxImportError(
      `fromOnnx: ${unknown.length} node(s) use ops Glia does not import: ${list.join(', ')}`,
    );
  }
  const outputs = graph.output!.map(graphValue);
  return {
    name: graph.name ?? 'onnx',
    opset,
    inputs: inputs.map(graphValue),
    outputs,
    nodes: topologicalOrder(
      nodes,
      new Set([...inputNames, ...initializers.keys()]),
      outputs.map((o) => o.name),
    ),
    initializers,
  };
}

/** Kahn's algorithm over value names; a cycle or an input nothing produces is an error naming it. */
function topologicalOrder(
  nodes: readonly NodeProto[],
  available: Set<string>,
  outputs: readonly string[],
): NodeProto[] {
  const producer = new Map<string, NodeProto>();
  for (const n of nodes) {
    for (const o of n.output ?? []) {
      if (!o) continue;
      if (producer.has(o) || available.has(o)) {
        throw new OnnxImportError(
          `fromOnnx: value '${o}' is produced twice (node '${n.name ?? ''}')`,
        );
      }
      producer.set(o, n);
    }
  }
  for (const n of nodes) {
    for (const i of n.input ?? []) {
      if (i && !available.has(i) && !producer.has(i)) {
        throw new OnnxImportError(
          `fromOnnx: node '${n.name ?? ''}' (${n.opType}) reads '${i}', which no input, initializer or node produces`,
        );
      }
    }
  }
  for (const output of outputs) {
    if (!available.has(output) && !producer.has(output)) {
      throw new OnnxImportError(`fromOnnx: the graph output '${output}' is produced by no node`);
    }
  }
  // In-degree: how many of a node's inputs other nodes produce; a node is ready at zero.
  const waiting = new Map<NodeProto, number>();
  const readers = new Map<string, NodeProto[]>();
  for (const n of nodes) {
    const fromNodes = (n.input ?? []).filter((i) => i && !available.has(i));
    waiting.set(n, fromNodes.length);
    for (const i of fromNodes) {
      const list = readers.get(i);
      if (list) list.push(n);
      else readers.set(i, [n]);
    }
  }
  const ordered: NodeProto[] = nodes.filter((n) => waiting.get(n) === 0);
  for (let k = 0; k < ordered.length; k++) {
    for (const o of ordered[k]!.output ?? []) {
      for (const reader of readers.get(o) ?? []) {
        const left = waiting.get(reader)! - 1;
        waiting.set(reader, left);
        if (left === 0) ordered.push(reader);
      }
    }
  }
  if (ordered.length < nodes.length) {
    const placed = new Set(ordered);
    const names = nodes.filter((n) => !placed.has(n)).map((n) => `'${n.name ?? ''}' (${n.opType})`);
    throw new OnnxImportError(
      `fromOnnx: the graph has a cycle through node(s) ${names.join(', ')}`,
    );
  }
  return ordered;
}
