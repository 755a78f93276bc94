import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import { exportActivation } from './activations';
import type { ExportContext, Value } from './context';
import { permute } from './weights';
import { pairOf, windowPads } from './window';

// Keras kernels are HWIO (Conv2D) and HWOI (Conv2DTranspose); ONNX wants OIHW and IOHW: the same
// permutation [3, 2, 0, 1] in both cases.
const HW_TO_ONNX = [3, 2, 0, 1];

function checkChannelsLast(layer: Layer, config: Record<string, unknown>): void {
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': dataFormat ${JSON.stringify(config.dataFormat)} is not exported: expected channelsLast`,
    );
  }
}

/** The kernel (permuted to ONNX's layout) and, when the layer has one, the bias, as initializers. */
function kernelAndBias(
  ctx: ExportContext,
  layer: Layer,
  config: Record<string, unknown>,
): string[] {
  const kernel = ctx.weight(layer, 'kernel');
  const w = permute(kernel.data, kernel.shape, HW_TO_ONNX);
  const names = [ctx.graph.addFloat(`${layer.name}/kernel`, w.data, w.shape)];
  if (config.useBias !== false) {
    const bias = ctx.weight(layer, 'bias');
    names.push(ctx.graph.addFloat(`${layer.name}/bias`, bias.data, bias.shape));
  }
  return names;
}

/** Conv2D: a Conv node on NCHW (with the Transposes the context inserts), then the activation. */
export function exportConv2D(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const config = layer.getConfig();
  checkChannelsLast(layer, config);
  const v = ctx.nchw(x);
  const [kh, kw] = pairOf(config.kernelSize, 1);
  const [sh, sw] = pairOf(config.strides, 1);
  const [dh, dw] = pairOf(config.dilationRate, 1);
  const [top, bottom] = windowPads(config.padding, v.shape[1], kh, sh, dh);
  const [left, right] = windowPads(config.padding, v.shape[2], kw, sw, dw);
  const inputs = [v.name, ...kernelAndBias(ctx, layer, config)];
  const name = g.add(
    'Conv',
    inputs,
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      dilations: { ints: [dh, dw] },
      pads: { ints: [top, left, bottom, right] },
      group: { int: 1 },
    },
    layer.name,
  );
  const shape = layer.computeOutputShape(v.shape);
  return exportActivation(ctx, `Conv2D '${layer.name}'`, config.activation, {
    name,
    shape,
    layout: 'channelsFirst',
  });
}

/** The ONNX pads and output_padding that give Keras' Conv2DTranspose output size on one axis. */
function transposePads(
  padding: unknown,
  size: number,
  kernel: number,
  stride: number,
): { pads: [number, number]; outputPadding: number } {
  const out = padding === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0);
  const total = stride * (size - 1) + kernel - out;
  if (total < 0) return { pads: [0, 0], outputPadding: -total };
  const begin = Math.floor(total / 2);
  return { pads: [begin, total - begin], outputPadding: 0 };
}

/** Conv2DTranspose: a ConvTranspose node on NCHW, then the activation. */
export function exportConv2DTranspose(ctx: ExportContext, layer: Layer, x: Value): Value {
  const g = ctx.graph;
  const config = layer.getConfig();
  checkChannelsLast(layer, config);
  const v = ctx.nchw(x);
  const [kh, kw] = pairOf(config.kernelSize, 1);
  const [sh, sw] = pairOf(config.strides, 1);
  const h = transposePads(config.padding, staticSize(layer, v.shape[1]), kh, sh);
  const wd = transposePads(config.padding, staticSize(layer, v.shape[2]), kw, sw);
  const inputs = [v.name, ...kernelAndBias(ctx, layer, config)];
  const name = g.add(
    'ConvTranspose',
    inputs,
    {
      kernel_shape: { ints: [kh, kw] },
      strides: { ints: [sh, sw] },
      pads: { ints: [h.pads[0], wd.pads[0], h.pads[1], wd.pads[1]] },
      output_padding: { ints: [h.outputPadding, wd.outputPadding] },
    },
    layer.name,
  );
  const shape = layer.computeOutputShape(v.shape);
  return exportActivation(ctx, `Conv2DTranspose '${layer.name}'`, config.activation, {
    name,
    shape,
    layout: 'channelsFirst',
  });
}

function staticSize(layer: Layer, d: number | null | undefined): number {
  if (d === null || d === undefined) {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': needs known input height and width to export`,
    );
  }
  return d;
}
