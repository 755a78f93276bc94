import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';

function lastAxisOnly(layer: Layer, axis: unknown, rank: number): void {
  const axes = Array.isArray(axis) ? axis : [axis];
  if (axes.length !== 1 || !(axes[0] === -1 || axes[0] === rank - 1)) {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': axis ${JSON.stringify(axis)} is not exported: expected the last axis (-1)`,
    );
  }
}

/** `layer`'s weight `suffix`, or a constant `fill` of `size` when the layer has no such weight. */
function paramOrConstant(
  ctx: ExportContext,
  layer: Layer,
  suffix: string,
  size: number,
  fill: number,
): string {
  if (ctx.hasWeight(layer, suffix)) {
    const w = ctx.weight(layer, suffix);
    return ctx.graph.addFloat(`${layer.name}/${suffix}`, w.data, w.shape);
  }
  return ctx.graph.addFloat(`${layer.name}/${suffix}`, new Float32Array(size).fill(fill), [size]);
}

/**
 * BatchNormalization in its inference form (moving statistics): ONNX's node normalizes axis 1, so
 * rank-4 inputs go NCHW and other ranks above 2 are transposed to put the features at axis 1.
 */
export function exportBatchNormalization(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const config = layer.getConfig();
  const rank = x.shape.length;
  lastAxisOnly(layer, config.axis, rank);
  const mean = ctx.weight(layer, 'moving_mean');
  const size = mean.data.length;
  const inputs = [
    paramOrConstant(ctx, layer, 'gamma', size, 1),
    paramOrConstant(ctx, layer, 'beta', size, 0),
    g.addFloat(`${layer.name}/moving_mean`, mean.data, mean.shape),
    paramOrConstant(ctx, layer, 'moving_variance', size, 1),
  ];
  const attrs = { epsilon: { float: Number(config.epsilon ?? 0.001) } };
  if (rank === 4) {
    const v = ctx.nchw(x);
    const name = g.add('BatchNormalization', [v.name, ...inputs], attrs, layer.name);
    return { name, shape: v.shape, layout: 'channelsFirst' };
  }
  if (rank === 2) {
    const name = g.add('BatchNormalization', [x.name, ...inputs], attrs, layer.name);
    return { name, shape: x.shape, layout: 'channelsLast' };
  }
  const toFirst = [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];
  const toLast = [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1];
  const moved = g.add('Transpose', [x.name], { perm: { ints: toFirst } });
  const normalized = g.add('BatchNormalization', [moved, ...inputs], attrs, layer.name);
  const name = g.add('Transpose', [normalized], { perm: { ints: toLast } });
  return { name, shape: x.shape, layout: 'channelsLast' };
}

/** LayerNormalization over the last axis: ONNX's LayerNormalization node (opset 17). */
export function exportLayerNormalization(ctx: ExportContext, layer: Layer, x: Value): Value {
  const config = layer.getConfig();
  const v = ctx.nhwc(x);
  lastAxisOnly(layer, config.axis, v.shape.length);
  const size = v.shape[v.shape.length - 1];
  if (typeof size !== 'number') {
    throw new OnnxExportError(`LayerNormalization '${layer.name}': needs a known last dimension`);
  }
  const scale = paramOrConstant(ctx, layer, 'gamma', size, 1);
  const bias = paramOrConstant(ctx, layer, 'beta', size, 0);
  const name = ctx.graph.add(
    'LayerNormalization',
    [v.name, scale, bias],
    { axis: { int: -1 }, epsilon: { float: Number(config.epsilon ?? 0.001) } },
    layer.name,
  );
  return { name, shape: v.shape, layout: 'channelsLast' };
}
