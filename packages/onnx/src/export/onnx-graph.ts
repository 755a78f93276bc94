import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { OnnxGraph } from '../import/graph-layer';
import type { ExportContext, Value } from './context';

/**
 * An imported ONNX graph (an `OnnxGraph` layer), written back: its nodes as they were, its values
 * renamed under the layer's name, its weights at their current (perhaps fine-tuned) values.
 */
export function exportOnnxGraph(ctx: ExportContext, layer: Layer, x: Value): Value {
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
  const names = new Map<string, string>([[graph.input.name, x.name]]);
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
  return {
    name: rename(graph.output.name),
    shape: layer.computeOutputShape(x.shape),
    layout: 'channelsLast',
  };
}
