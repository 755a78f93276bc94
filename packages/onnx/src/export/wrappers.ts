import type { Layer, layers } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';
import { exportRecurrentNode, isRecurrentClass } from './recurrent';

type Bidirectional = InstanceType<typeof layers.Bidirectional>;
type TimeDistributed = InstanceType<typeof layers.TimeDistributed>;
type RNNLayer = InstanceType<typeof layers.RNN>;

/** SimpleRNN, LSTM, GRU: one ONNX RNN/LSTM/GRU node. */
export function exportRecurrent(ctx: ExportContext, layer: Layer, x: Value): Value {
  return exportRecurrentNode(ctx, layer, [layer as RNNLayer], ctx.nhwc(x), 'concat');
}

/** Bidirectional: one node with direction 'bidirectional' (forward weights first). */
export function exportBidirectional(ctx: ExportContext, layer: Layer, x: Value): Value {
  const bi = layer as Bidirectional;
  if (!isRecurrentClass(bi.forwardLayer.className)) {
    throw new OnnxExportError(
      `Bidirectional '${layer.name}': wraps ${bi.forwardLayer.className}, which has no ONNX recurrent node`,
    );
  }
  return exportRecurrentNode(
    ctx,
    layer,
    [bi.forwardLayer, bi.backwardLayer],
    ctx.nhwc(x),
    bi.mergeMode,
  );
}

/**
 * TimeDistributed: the steps folded into the batch ([batch·steps, ...]), the inner layer's nodes,
 * then unfolded ([batch, steps, ...]).
 */
export function makeTimeDistributedExporter(
  exportLayer: (ctx: ExportContext, layer: Layer, x: Value) => Value,
): (ctx: ExportContext, layer: Layer, x: Value) => Value {
  return (ctx, layer, x) => {
    const g = ctx.graph;
    const inner = (layer as TimeDistributed).layer;
    const v = ctx.nhwc(x);
    const [, steps, ...rest] = v.shape;
    if (typeof steps !== 'number' || rest.some((d) => d === null)) {
      throw new OnnxExportError(
        `TimeDistributed '${layer.name}': needs known steps and feature sizes, got ${JSON.stringify(v.shape)}`,
      );
    }
    const folded = g.add('Reshape', [
      v.name,
      g.addInt64(`${layer.name}/fold`, [-1, ...(rest as number[])]),
    ]);
    const out = ctx.nhwc(
      exportLayer(ctx, inner, { name: folded, shape: [null, ...rest], layout: 'channelsLast' }),
    );
    const outRest = out.shape.slice(1);
    if (outRest.some((d) => d === null)) {
      throw new OnnxExportError(
        `TimeDistributed '${layer.name}': the inner layer's output shape ${JSON.stringify(out.shape)} is not fully known`,
      );
    }
    const target = g.addInt64(`${layer.name}/unfold`, [-1, steps, ...(outRest as number[])]);
    const name = g.add('Reshape', [out.name, target], {}, layer.name);
    return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsLast' };
  };
}
