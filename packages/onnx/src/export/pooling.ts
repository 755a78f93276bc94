import type { Layer } from '@glia/layers';
import type { ExportContext, Value } from './context';
import { pairOf, windowPads } from './window';

/** MaxPooling2D / AveragePooling2D: MaxPool / AveragePool on NCHW (padding excluded from means). */
export function exportPooling(ctx: ExportContext, layer: Layer, x: Value): Value {
  const config = layer.getConfig();
  const v = ctx.nchw(x);
  const [kh, kw] = pairOf(config.poolSize, 2);
  const [sh, sw] = pairOf(config.strides, kh);
  const [top, bottom] = windowPads(config.padding, v.shape[1], kh, sh);
  const [left, right] = windowPads(config.padding, v.shape[2], kw, sw);
  const op = layer.className === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool';
  const name = ctx.graph.add(
    op,
    [v.name],
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      pads: { ints: [top, left, bottom, right] },
    },
    layer.name,
  );
  return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsFirst' };
}

/** GlobalAveragePooling2D / GlobalMaxPooling2D: the global NCHW node, then Flatten to [N, C]. */
export function exportGlobalPooling(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const v = ctx.nchw(x);
  const op = layer.className === 'GlobalMaxPooling2D' ? 'GlobalMaxPool' : 'GlobalAveragePool';
  const pooled = g.add(op, [v.name], {}, layer.name);
  const name = g.add('Flatten', [pooled], { axis: { int: 1 } });
  return { name, shape: layer.computeOutputShape(v.shape), layout: 'channelsLast' };
}
