import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { DataType } from '../proto/model-proto';
import { exportActivation } from './activations';
import type { ExportContext, Value } from './context';
import { pairOf } from './window';

/** Layers that only act while training (Dropout, GaussianNoise, augmentation): no node at all. */
export function exportIdentity(_ctx: ExportContext, _layer: Layer, x: Value): Value {
  return x;
}

/** Activation layer. */
export function exportActivationLayer(ctx: ExportContext, layer: Layer, x: Value): Value {
  return exportActivation(ctx, `Activation '${layer.name}'`, layer.getConfig().activation, x);
}

/** Flatten: ONNX Flatten at axis 1 on the channels-last value (Keras' element order). */
export function exportFlatten(ctx: ExportContext, layer: Layer, x: Value): Value {
  const v = ctx.nhwc(x);
  const name = ctx.graph.add('Flatten', [v.name], { axis: { int: 1 } }, layer.name);
  return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsLast' };
}

/** Reshape: ONNX Reshape to [-1, ...the layer's resolved output shape]. */
export function exportReshape(ctx: ExportContext, layer: Layer, x: Value): Value {
  const v = ctx.nhwc(x);
  const shape = layer.computeOutputShape(v.shape);
  const rest = shape.slice(1);
  if (rest.some((d) => d === null)) {
    throw new OnnxExportError(
      `Reshape '${layer.name}': needs a fully known output shape, got ${JSON.stringify(shape)}`,
    );
  }
  const target = ctx.graph.addInt64(`${layer.name}/shape`, [-1, ...(rest as number[])]);
  const name = ctx.graph.add('Reshape', [v.name, target], {}, layer.name);
  return { name, shape, layout: 'channelsLast' };
}

/** Embedding: Cast the (float) indices to int64, then Gather rows of the embedding matrix. */
export function exportEmbedding(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const table = ctx.weight(layer, 'embeddings');
  const w = g.addFloat(`${layer.name}/embeddings`, table.data, table.shape);
  const indices = g.add('Cast', [x.name], { to: { int: DataType.INT64 } });
  const name = g.add('Gather', [w, indices], { axis: { int: 0 } }, layer.name);
  return { name, shape: layer.computeOutputShape(x.shape), layout: 'channelsLast' };
}

/** ZeroPadding2D: a constant Pad of the channels-last value. */
export function exportZeroPadding2D(ctx: ExportContext, layer: Layer, x: Value): Value {
  const v = ctx.nhwc(x);
  const padding = layer.getConfig().padding as [[number, number], [number, number]];
  const [[top, bottom], [left, right]] = padding;
  const pads = ctx.graph.addInt64(`${layer.name}/pads`, [0, top, left, 0, 0, bottom, right, 0]);
  const name = ctx.graph.add('Pad', [v.name, pads], { mode: { string: 'constant' } }, layer.name);
  return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsLast' };
}

/** UpSampling2D (nearest): Resize on NCHW with integer scales, each pixel copied into a block. */
export function exportUpSampling2D(ctx: ExportContext, layer: Layer, x: Value): Value {
  const v = ctx.nchw(x);
  const [sh, sw] = pairOf(layer.getConfig().size, 2);
  const scales = ctx.graph.addFloat(`${layer.name}/scales`, new Float32Array([1, 1, sh, sw]), [4]);
  const name = ctx.graph.add(
    'Resize',
    [v.name, '', scales],
    {
      mode: { string: 'nearest' },
      coordinate_transformation_mode: { string: 'asymmetric' },
      nearest_mode: { string: 'floor' },
    },
    layer.name,
  );
  return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsFirst' };
}
