/**
 * The graph of a functional model file (Keras' `Functional` / TF.js' `Model` config), checked
 * before anything is allocated: every inbound reference names a layer of the file, a node that
 * layer has and an output it makes; the input and output layers exist; the graph has no cycle.
 * Reads both forms of `inbound_nodes`: Keras 2 / TF.js (`[[[name, node, tensor, kwargs], ...]]`)
 * and Keras 3 (`[{ args: [<__keras_tensor__ with keras_history>], kwargs }]`). Errors are
 * `ModelFileError`s naming the file and the JSON path.
 */
import type { TensorRef } from '../engine/model-config';
import { ModelFileError } from './model-file-error';
import type { JsonObject, JsonValue } from './serialization';

/** One layer of the file as the layer validator returns it. */
export interface GraphEntry<L> {
  value: L;
  name: string;
  /** An InputLayer: one node, no inputs. */
  isInput: boolean;
  /** How many outputs each of its calls makes (1 but for nested models). */
  outputs: number;
}

/** A layer of a validated graph and its calls. */
export interface GraphLayerSpec<L> extends GraphEntry<L> {
  path: string;
  /** Per call, the tensors it takes (empty for an input layer). */
  inboundNodes: TensorRef[][];
}

/** A functional model file's graph, validated; `order` lists every call so inputs come first. */
export interface ValidatedGraph<L> {
  kind: 'graph';
  name: string | undefined;
  layers: GraphLayerSpec<L>[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  order: { layer: number; node: number }[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nodeCount = (spec: GraphLayerSpec<unknown>): number =>
  spec.isInput ? 1 : spec.inboundNodes.length;

/**
 * Validates a functional model's `config` (at JSON path `base`); `validateEntry` checks and makes
 * one layer from its entry.
 */
export function validateGraphConfig<L>(
  config: JsonObject,
  file: string,
  base: string,
  validateEntry: (entry: JsonObject, path: string) => GraphEntry<L>,
): ValidatedGraph<L> {
  const fail: Fail = (path: string, problem: string): never => {
    throw new ModelFileError(file, path, problem);
  };
  for (const key of Object.keys(config)) {
    if (!['name', 'layers', 'input_layers', 'output_layers', 'trainable'].includes(key))
      fail(
        `${base}.${key}`,
        'unknown field: expected only name, layers, input_layers, output_layers',
      );
  }
  if (config.name !== undefined && typeof config.name !== 'string')
    fail(`${base}.name`, 'expected a string');
  if (!Array.isArray(config.layers) || config.layers.length === 0)
    fail(`${base}.layers`, 'expected a non-empty array of layers');
  const layersJson = config.layers as JsonValue[];
  const specs: GraphLayerSpec<L>[] = [];
  const byName = new Map<string, number>();
  layersJson.forEach((value, i) => {
    const path = `${base}.layers[${i}]`;
    if (!isObject(value)) fail(path, 'expected an object');
    const entry = value as JsonObject;
    const { inbound_nodes: inbound, ...rest } = entry;
    const made = validateEntry(rest, path);
    if (typeof entry.name === 'string' && entry.name !== made.name)
      fail(`${path}.name`, `'${entry.name}' differs from its config's name '${made.name}'`);
    if (byName.has(made.name))
      fail(
        `${path}.name`,
        `'${made.name}' is the name of an earlier layer: layer names must be unique`,
      );
    byName.set(made.name, i);
    specs.push({
      ...made,
      path,
      inboundNodes: parseInboundNodes(inbound, `${path}.inbound_nodes`, fail),
    });
    if (made.isInput && specs[i]!.inboundNodes.length > 0)
      fail(`${path}.inbound_nodes`, 'an InputLayer has no inbound nodes');
    if (!made.isInput && specs[i]!.inboundNodes.length === 0)
      fail(`${path}.inbound_nodes`, `is empty: layer '${made.name}' is not connected to the graph`);
  });

  const checkRef = (ref: TensorRef, path: string): void => {
    const at = byName.get(ref.layer);
    if (at === undefined)
      fail(
        path,
        `refers to layer '${ref.layer}', which does not exist in the model (layers: ${[...byName.keys()].join(', ')})`,
      );
    const spec = specs[at]!;
    if (ref.node >= nodeCount(spec))
      fail(
        path,
        `node index ${ref.node} is out of range: layer '${ref.layer}' has ${nodeCount(spec)} node(s)`,
      );
    if (ref.tensor >= spec.outputs)
      fail(
        path,
        `tensor index ${ref.tensor} is out of range: layer '${ref.layer}' has ${spec.outputs} output(s)`,
      );
  };
  specs.forEach((spec) => {
    spec.inboundNodes.forEach((node, n) => {
      node.forEach((ref, r) => {
        checkRef(ref, `${spec.path}.inbound_nodes[${n}][${r}]`);
      });
    });
  });
  const inputs = parseRefList(config.input_layers, `${base}.input_layers`, fail);
  const outputs = parseRefList(config.output_layers, `${base}.output_layers`, fail);
  inputs.forEach((ref, i) => {
    checkRef(ref, `${base}.input_layers[${i}]`);
    if (!specs[byName.get(ref.layer)!]!.isInput)
      fail(`${base}.input_layers[${i}]`, `layer '${ref.layer}' is not an InputLayer`);
  });
  outputs.forEach((ref, i) => {
    checkRef(ref, `${base}.output_layers[${i}]`);
  });

  // Depth-first from the outputs; a call met again while its inputs are being visited is a cycle.
  const order: { layer: number; node: number }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (layer: number, node: number, path: string): void => {
    const key = `${layer}:${node}`;
    const seen = state.get(key);
    if (seen === 'done') return;
    const spec = specs[layer]!;
    if (seen === 'visiting')
      fail(
        `${spec.path}.inbound_nodes[${node}]`,
        `the graph has a cycle through layer '${spec.name}'`,
      );
    if (spec.isInput) {
      state.set(key, 'done');
      return;
    }
    state.set(key, 'visiting');
    spec.inboundNodes[node]!.forEach((ref, r) => {
      visit(byName.get(ref.layer)!, ref.node, `${spec.path}.inbound_nodes[${node}][${r}]`);
    });
    state.set(key, 'done');
    order.push({ layer, node });
    void path;
  };
  outputs.forEach((ref, i) => {
    visit(byName.get(ref.layer)!, ref.node, `${base}.output_layers[${i}]`);
  });
  // Calls no output needs still have to be valid (Keras builds them): visit them too.
  specs.forEach((spec, layer) => {
    spec.inboundNodes.forEach((_, node) => {
      visit(layer, node, spec.path);
    });
  });
  return {
    kind: 'graph',
    name: typeof config.name === 'string' ? config.name : undefined,
    layers: specs,
    inputs,
    outputs,
    order,
  };
}

type Fail = (path: string, problem: string) => never;

function index(value: JsonValue | undefined, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    fail(path, `is ${JSON.stringify(value)}: expected a whole number >= 0`);
  return value as number;
}

/** `[name, node, tensor]` (Keras 2 adds a kwargs object, which must be empty). */
function parseRef(value: JsonValue, path: string, fail: Fail, kwargs: boolean): TensorRef {
  if (!Array.isArray(value) || value.length < 3 || value.length > (kwargs ? 4 : 3))
    fail(path, `expected [layer name, node index, tensor index${kwargs ? ', kwargs' : ''}]`);
  const [layer, node, tensor, extra] = value as JsonValue[];
  if (typeof layer !== 'string') fail(`${path}[0]`, 'expected a layer name');
  if (extra !== undefined) checkKwargs(extra, `${path}[3]`, fail);
  return {
    layer: layer as string,
    node: index(node, `${path}[1]`, fail),
    tensor: index(tensor, `${path}[2]`, fail),
  };
}

/** Call arguments Glia can honour: none, or `training` / `mask` left at null. */
function checkKwargs(value: JsonValue, path: string, fail: Fail): void {
  if (!isObject(value)) fail(path, 'expected an object of call arguments');
  for (const [key, v] of Object.entries(value as JsonObject)) {
    if (!((key === 'training' || key === 'mask') && (v === null || typeof v === 'boolean')))
      fail(`${path}.${key}`, `the call argument '${key}' is not supported`);
  }
}

/** `input_layers` / `output_layers`: a list of refs, or (Keras 3, one tensor) a single ref. */
function parseRefList(value: JsonValue | undefined, path: string, fail: Fail): TensorRef[] {
  if (!Array.isArray(value) || value.length === 0)
    fail(path, 'expected a non-empty array of [layer name, node index, tensor index]');
  const list = value as JsonValue[];
  if (typeof list[0] === 'string') return [parseRef(list, path, fail, false)];
  return list.map((ref, i) => parseRef(ref, `${path}[${i}]`, fail, false));
}

/** Both forms of `inbound_nodes`, as per-call lists of refs. */
function parseInboundNodes(value: JsonValue | undefined, path: string, fail: Fail): TensorRef[][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(path, 'expected an array of nodes');
  return (value as JsonValue[]).map((node, n) => {
    const nodePath = `${path}[${n}]`;
    if (Array.isArray(node)) {
      if (node.length === 0) fail(nodePath, 'a node needs at least one input');
      return node.map((ref, r) => parseRef(ref, `${nodePath}[${r}]`, fail, true));
    }
    if (!isObject(node))
      fail(nodePath, 'expected a list of inputs (Keras 2) or { args, kwargs } (Keras 3)');
    const { args, kwargs, ...other } = node as JsonObject;
    for (const key of Object.keys(other))
      fail(`${nodePath}.${key}`, 'unknown field: expected args, kwargs');
    if (kwargs !== undefined) checkKwargs(kwargs, `${nodePath}.kwargs`, fail);
    const refs: TensorRef[] = [];
    collectKerasTensors(args, `${nodePath}.args`, refs, fail, 0);
    if (refs.length === 0) fail(`${nodePath}.args`, 'holds no input tensor');
    return refs;
  });
}

/** The `keras_history` of every `__keras_tensor__` in Keras 3 call arguments, in order. */
function collectKerasTensors(
  value: JsonValue | undefined,
  path: string,
  out: TensorRef[],
  fail: Fail,
  depth: number,
): void {
  if (depth > 4) fail(path, 'nested too deeply');
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      collectKerasTensors(v, `${path}[${i}]`, out, fail, depth + 1);
    });
    return;
  }
  if (!isObject(value) || value.class_name !== '__keras_tensor__' || !isObject(value.config))
    fail(path, 'expected a __keras_tensor__ (Glia supports tensor arguments only)');
  const config = (value as JsonObject).config as JsonObject;
  out.push(
    parseRef(config.keras_history as JsonValue, `${path}.config.keras_history`, fail, false),
  );
}
