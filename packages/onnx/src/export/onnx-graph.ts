import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { OnnxGraph } from '../import/graph-layer';
import type { ExportContext, Value } from './context';

/** An imported ONNX graph of one input and one output (the layer exporters' form). */
export function exportOnnxGraph(ctx: ExportContext, layer: Layer, x: Value): Value {
  const outputs = exportOnnxGraphNode(ctx, layer, [x]);
  if (outputs.length !== 1) {
    throw new OnnxExportError(
      `OnnxGraph '${layer.name}': has ${outputs.length} outputs where one value is expected`,
    );
  }
  return outputs[0]!;
}

/**
 * An imported ONNX graph (an `OnnxGraph` layer), written back: its nodes as they were, its values
 * renamed under the layer's name, its weights at their current (perhaps fine-tuned) values. One
 * value per graph input in, one per graph output out.
 */
export function exportOnnxGraphNode(
  ctx: ExportContext,
  layer: Layer,
  xs: readonly Value[],
): Value[] {
  if (!(layer instanceof OnnxGraph)) {
    throw new OnnxExportError(`${layer.className} '${layer.name}': not an imported ONNX graph`);
  }
  const g = ctx.graph;
  const { graph } = layer;
  if (graph.opset !== ctx.opset) {
    throw new OnnxExportError(
      `OnnxGraph '${layer.name}': was imported at opset ${graph.opset}, and the model is written at opset ${ctx.opset}: a graph exports alone at its own opset, or beside Glia layers only from opset ${ctx.opset}`,
    );
  }
  if (xs.length !== graph.inputs.length) {
    throw new OnnxExportError(
      `OnnxGraph '${layer.name}': got ${xs.length} inputs: the graph takes ${graph.inputs.length}`,
    );
  }
  const names = new Map<string, string>(
    graph.inputs.map((v, i) => [v.name, ctx.nhwc(xs[i]!).name]),
  );
  for (const [name, data] of graph.initializers) {
    const weight = layer.weights.find((w) => w.originalName === `${layer.name}/${name}`);
    if (weight) {
      const current = ctx.weightValues(weight.variable);
      names.set(name, g.addFloat(`${layer.name}/${name}`, current, data.dims));
    } else if (data.kind === 'float') {
      names.set(name, g.addFloat(`${layer.name}/${name}`, data.data, data.dims));
    } else {
      names.set(name, g.addInt64(`${layer.name}/${name}`, data.data, data.dims));
    }
  }
  const rename = (name: string): string => {
    if (!name) return '';
    const found = names.get(name);
    if (found !== undefined) return found;
    const fresh = g.uniqueName(`${layer.name}/${name}`);
    names.set(name, fresh);
    return fresh;
  };
  for (const node of graph.nodes) {
    g.nodes.push({
      ...node,
      name: g.uniqueName(`${layer.name}/${node.name || node.opType}`),
      input: (node.input ?? []).map(rename),
      output: (node.output ?? []).map(rename),
    });
  }
  const shapes = layer.outputShapesFor(xs.map((x) => x.shape));
  return graph.outputs.map((o, i) => ({
    name: rename(o.name),
    shape: shapes[i]!,
    layout: 'channelsLast',
  }));
}
