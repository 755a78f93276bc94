import type { Layer, LayersModel, SymbolicTensor } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';
import { exportLayer } from './layer-exporters';
import { MERGE_EXPORTERS } from './merge';
import { exportOnnxGraphNode } from './onnx-graph';

type GraphNode = SymbolicTensor<Layer>['node'];

/**
 * Whether `layer` is a graph model (a Functional or Sequential model used as a layer). By shape,
 * not instanceof: a bundle may hold its own copy of @glia/layers.
 */
export function isGraphModel(layer: unknown): layer is LayersModel {
  if (typeof layer !== 'object' || layer === null) return false;
  const m = layer as Partial<LayersModel>;
  return (
    typeof m.execute === 'function' && Array.isArray(m.layers) && typeof m.summary === 'function'
  );
}

/**
 * The nodes between `model`'s inputs and outputs (the inputs' own nodes left out), in creation
 * order: a node is created after the nodes of its inputs, so this order computes every value
 * before its use.
 */
export function graphNodes(model: LayersModel): GraphNode[] {
  const inputs = new Set(model.inputs);
  const reached = new Set<GraphNode>();
  const stack = [...model.outputs];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (inputs.has(t) || reached.has(t.node)) continue;
    reached.add(t.node);
    stack.push(...t.node.inputs);
  }
  return [...reached].sort((a, b) => a.id - b.id);
}

/** One problem per layer, however many nodes call it. */
export class ExportProblems {
  private readonly byLayer = new Map<Layer, string>();

  add(layer: Layer, message: string): void {
    if (!this.byLayer.has(layer)) this.byLayer.set(layer, message);
  }

  get messages(): string[] {
    return [...this.byLayer.values()];
  }
}

/**
 * Appends the nodes of `model` on `inputs` (one value per model input) and returns its output
 * values. Each graph node exports through its layer's exporter: a shared layer's nodes read the
 * same initializers (GraphBuilder writes equal weights once), merge layers take every input, and a
 * model used as a layer is inlined. A layer with no ONNX form goes into `problems` and its outputs
 * become placeholders, so that every such layer is listed at once.
 */
export function exportGraph(
  ctx: ExportContext,
  model: LayersModel,
  inputs: readonly Value[],
  problems: ExportProblems,
): Value[] {
  const values = new Map<SymbolicTensor<Layer>, Value>();
  model.inputs.forEach((t, i) => {
    values.set(t, inputs[i]!);
  });
  for (const node of graphNodes(model)) {
    const args = node.inputs.map((t) => values.get(t)!);
    let outputs: Value[];
    try {
      outputs = exportNode(ctx, node.layer, args, problems);
    } catch (e) {
      if (!(e instanceof OnnxExportError)) throw e;
      problems.add(node.layer, e.message);
      outputs = node.outputs.map((t) => ({ name: '', shape: t.shape, layout: 'channelsLast' }));
    }
    if (outputs.length !== node.outputs.length) {
      throw new OnnxExportError(
        `${node.layer.className} '${node.layer.name}': exported ${outputs.length} outputs, but the graph node has ${node.outputs.length}`,
      );
    }
    node.outputs.forEach((t, i) => {
      values.set(t, outputs[i]!);
    });
  }
  return model.outputs.map((t) => values.get(t)!);
}

function exportNode(
  ctx: ExportContext,
  layer: Layer,
  args: readonly Value[],
  problems: ExportProblems,
): Value[] {
  if (isGraphModel(layer)) return exportGraph(ctx, layer, args, problems);
  if (layer.className === 'OnnxGraph') return exportOnnxGraphNode(ctx, layer, args);
  const merge = MERGE_EXPORTERS.get(layer.className);
  if (merge) return [merge(ctx, layer, args)];
  if (args.length !== 1) {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': no ONNX mapping for this layer class with ${args.length} inputs`,
    );
  }
  return [exportLayer(ctx, layer, args[0]!)];
}
