import { ValueError } from '@glia/core';
import {
  type AttributeProto,
  AttributeType,
  DataType,
  int64ToNumber,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './proto/model-proto';

/** One attribute value, typed as ONNX types it. */
export type AttributeValue =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string }
  | { strings: readonly string[] };

const textEncoder = new TextEncoder();

function attribute(name: string, value: AttributeValue): AttributeProto {
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  if ('floats' in value) return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
  if ('string' in value)
    return { name, type: AttributeType.STRING, s: textEncoder.encode(value.string) };
  return {
    name,
    type: AttributeType.STRINGS,
    strings: value.strings.map((s) => textEncoder.encode(s)),
  };
}

/** A dimension of a graph input or output: a size, or a named symbolic size (`'batch'`). */
export type GraphDim = number | string;

/**
 * An ONNX graph under construction: a list of nodes joined by named edges (value names), plus
 * initializers, inputs and outputs. Exporters of Sequential models append to it in order; a graph
 * model appends in topological order the same way, since a node names the values it reads.
 */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();
  /** Initializers by the base name they were asked for, to reuse one with equal contents. */
  private readonly byBase = new Map<string, TensorProto[]>();

  /** A value name not used yet, from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /**
   * Claims `name` exactly (a graph output's name, set before the nodes are added), or throws when
   * something already has it.
   */
  reserve(name: string): string {
    if (this.used.has(name))
      throw new ValueError(`toOnnx: the value name '${name}' is used twice in the graph`);
    this.used.add(name);
    return name;
  }

  /** Declares a graph input. */
  addInput(name: string, elemType: number, dims: readonly GraphDim[]): string {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares a graph output. */
  addOutput(name: string, elemType: number, dims: readonly GraphDim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /**
   * An initializer, or the one asked for before under the same `base` with the same type, dims and
   * bytes (a shared layer's weights, written once however many nodes read them).
   */
  private initializer(base: string, dataType: number, dims: readonly number[], raw: Uint8Array) {
    const same = this.byBase
      .get(base)
      ?.find(
        (t) =>
          t.dataType === dataType &&
          t.dims?.length === dims.length &&
          dims.every((d, i) => int64ToNumber(t.dims![i]!) === d) &&
          bytesEqual(t.rawData!, raw),
      );
    if (same) return same.name!;
    const name = this.uniqueName(base);
    const proto: TensorProto = { name, dataType, dims: [...dims], rawData: raw.slice() };
    this.initializers.push(proto);
    this.byBase.set(base, [...(this.byBase.get(base) ?? []), proto]);
    return name;
  }

  /** A float32 initializer (a weight or constant); returns its value name. */
  addFloat(base: string, data: Float32Array, dims: readonly number[]): string {
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return this.initializer(base, DataType.FLOAT, dims, raw);
  }

  /** An int64 initializer (shapes, axes, pads); returns its value name. */
  addInt64(
    base: string,
    values: readonly number[],
    dims: readonly number[] = [values.length],
  ): string {
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    return this.initializer(base, DataType.INT64, dims, new Uint8Array(data.buffer));
  }

  /** Appends a node; returns the names of its outputs (`outputs` of them). */
  addNode(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    options: { name?: string; outputs?: number } = {},
  ): string[] {
    const nodeName = this.uniqueName(options.name ?? opType);
    const outputs = Array.from({ length: options.outputs ?? 1 }, (_, i) =>
      i === 0 ? nodeName : `${nodeName}:${i}`,
    );
    for (const o of outputs.slice(1)) this.used.add(o);
    this.nodes.push({
      name: nodeName,
      opType,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  /** Appends an Identity node from `input` to the graph output `name` (reserved before). */
  addOutputNode(name: string, input: string): void {
    this.nodes.push({ name, opType: 'Identity', input: [input], output: [name], attribute: [] });
  }

  /** Appends a one-output node and returns its output name. */
  add(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    name?: string,
  ): string {
    return this.addNode(opType, inputs, attributes, name ? { name } : {})[0]!;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function valueInfo(name: string, elemType: number, dims: readonly GraphDim[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/** The ModelProto of a built graph, in the default domain at `opset` with its IR version. */
export function graphModel(
  graph: GraphBuilder,
  name: string,
  opset: number,
  irVersion: number,
  docString?: string,
): ModelProto {
  return {
    irVersion,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'glia',
    producerVersion: '0',
    graph: {
      name,
      node: graph.nodes,
      initializer: graph.initializers,
      input: graph.inputs,
      output: graph.outputs,
    },
    ...(docString ? { docString } : {}),
  };
}
