import type { Layer } from '@glia/layers';
import { exportActivation } from './activations';
import type { ExportContext, Value } from './context';

/** Dense: Gemm for rank-2 inputs, MatMul + Add above (as Keras applies the kernel on the last axis). */
export function exportDense(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const config = layer.getConfig();
  const v = ctx.nhwc(x);
  const kernel = ctx.weight(layer, 'kernel');
  const w = g.addFloat(`${layer.name}/kernel`, kernel.data, kernel.shape);
  const bias = config.useBias === false ? undefined : ctx.weight(layer, 'bias');
  const b = bias ? g.addFloat(`${layer.name}/bias`, bias.data, bias.shape) : undefined;
  let name: string;
  if (v.shape.length === 2) {
    name = g.add('Gemm', b ? [v.name, w, b] : [v.name, w], {}, layer.name);
  } else {
    name = g.add('MatMul', [v.name, w], {}, layer.name);
    if (b) name = g.add('Add', [name, b]);
  }
  const shape = layer.computeOutputShape(v.shape);
  return exportActivation(ctx, `Dense '${layer.name}'`, config.activation, {
    name,
    shape,
    layout: 'channelsLast',
  });
}
