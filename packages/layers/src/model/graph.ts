/**
 * The graph behind a model: the nodes between its inputs and outputs, in an order that computes
 * every tensor before its use, the layers they call, and the forward pass over them.
 */
import { type Tensor, ValueError } from '@glia/core';
import { InputLayer } from '../engine/input-layer';
import type { CallContext, Layer } from '../engine/layer';
import { type Node, SymbolicTensor } from '../engine/node';

/** A model's graph: what `model({ inputs, outputs })` settles once. */
export interface Graph {
  inputs: readonly SymbolicTensor<Layer>[];
  outputs: readonly SymbolicTensor<Layer>[];
  /** Every node from the inputs to the outputs, input nodes included, in creation order. */
  nodes: readonly Node<Layer>[];
  /** Each layer once, in the order of its first node. */
  layers: readonly Layer[];
  /** Outputs no node consumes (their producer may return logits for a fused loss). */
  terminal: ReadonlySet<SymbolicTensor<Layer>>;
}

function describeTensor(t: SymbolicTensor<Layer>): string {
  return `'${t.name}'`;
}

/**
 * The graph from `inputs` to `outputs`. Every output must depend only on the given inputs (each
 * the output of `input()`), and layer names must be unique.
 */
export function buildGraph(
  owner: string,
  inputs: readonly unknown[],
  outputs: readonly unknown[],
): Graph {
  if (inputs.length === 0)
    throw new ValueError(`${owner}: inputs is empty: expected input() tensors`);
  if (outputs.length === 0)
    throw new ValueError(`${owner}: outputs is empty: expected symbolic tensors`);
  inputs.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor) || !(t.node.layer instanceof InputLayer)) {
      throw new ValueError(
        `${owner}: inputs[${i}] is ${describe(t)}: expected a tensor made by input({ shape })`,
      );
    }
  });
  outputs.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor)) {
      throw new ValueError(
        `${owner}: outputs[${i}] is ${describe(t)}: expected a symbolic tensor (layer.apply(...) on input() tensors)`,
      );
    }
  });
  const ins = inputs as SymbolicTensor<Layer>[];
  const outs = outputs as SymbolicTensor<Layer>[];
  if (new Set(ins).size !== ins.length)
    throw new ValueError(`${owner}: an input appears twice in inputs`);
  const inputSet = new Set(ins);
  const reached = new Set<Node<Layer>>();
  const stack = [...outs];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (reached.has(t.node)) continue;
    reached.add(t.node);
    if (t.node.layer instanceof InputLayer) {
      if (!inputSet.has(t)) {
        throw new ValueError(
          `${owner}: the outputs depend on input ${describeTensor(t)}, which is not in inputs (${ins.map(describeTensor).join(', ')}): the graph is disconnected`,
        );
      }
      continue;
    }
    stack.push(...t.node.inputs);
  }
  for (const t of ins) reached.add(t.node);
  const nodes = [...reached].sort((a, b) => a.id - b.id);
  const layers: Layer[] = [];
  const byName = new Map<string, Layer>();
  for (const node of nodes) {
    const other = byName.get(node.layer.name);
    if (other === node.layer) continue;
    if (other) {
      throw new ValueError(
        `${owner}: two layers are named '${node.layer.name}' (${other.className} and ${node.layer.className}): layer names must be unique in a model`,
      );
    }
    byName.set(node.layer.name, node.layer);
    layers.push(node.layer);
  }
  const consumed = new Set(nodes.flatMap((n) => n.inputs));
  const terminal = new Set(
    outs.filter((t, i) => !consumed.has(t) && outs.indexOf(t) === i && !inputSet.has(t)),
  );
  return { inputs: ins, outputs: outs, nodes, layers, terminal };
}

/**
 * The forward pass: every node in order on `inputs` (one per graph input). Outputs listed in
 * `logits` come before their layer's final activation. Intermediate tensors are the caller's to
 * free (run it inside `tidy`).
 */
export function runGraph(
  graph: Graph,
  inputs: readonly Tensor[],
  context: CallContext,
  logits: ReadonlySet<SymbolicTensor<Layer>> = new Set(),
): Tensor[] {
  const values = new Map<SymbolicTensor<Layer>, Tensor>();
  graph.inputs.forEach((t, i) => {
    values.set(t, inputs[i]!);
  });
  for (const node of graph.nodes) {
    if (node.inputs.length === 0) continue;
    const args = node.inputs.map((t) => values.get(t)!);
    const wantLogits = node.outputs.length === 1 && logits.has(node.outputs[0]!);
    const results = node.layer.runNode(args, context, wantLogits);
    node.outputs.forEach((t, i) => {
      values.set(t, results[i]!);
    });
  }
  return graph.outputs.map((t) => values.get(t)!);
}

/** Index of `node` among its layer's nodes that belong to the graph (Keras' node_index). */
export function nodeIndexIn(graph: Graph, node: Node<Layer>): number {
  const members = new Set(graph.nodes);
  return node.layer.inboundNodes.filter((n) => members.has(n)).indexOf(node);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
