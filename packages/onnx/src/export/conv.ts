import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { AttributeValue } from '../graph-builder';
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

/** A window's kernel and strides, on (height, width). */
interface Window {
  readonly kernel: [number, number];
  readonly strides: [number, number];
}

/**
 * `opType` (Conv or ConvTranspose) on NCHW (with the Transposes the context inserts), with the
 * layer's kernel and bias, its kernel_shape, strides and the rest of `attributes`; then the layer's
 * activation.
 */
function exportConvolution(
  ctx: ExportContext,
  layer: Layer,
  x: Value,
  opType: 'Conv' | 'ConvTranspose',
  attributes: (
    v: Value,
    config: Record<string, unknown>,
    w: Window,
  ) => Record<string, AttributeValue>,
): Value {
  const config = layer.getConfig();
  checkChannelsLast(layer, config);
  const v = ctx.nchw(x);
  const w: Window = { kernel: pairOf(config.kernelSize, 1), strides: pairOf(config.strides, 1) };
  const name = ctx.graph.add(
    opType,
    [v.name, ...kernelAndBias(ctx, layer, config)],
    { kernel_shape: { ints: w.kernel }, strides: { ints: w.strides }, ...attributes(v, config, w) },
    layer.name,
  );
  const shape = layer.computeOutputShape(v.shape);
  return exportActivation(ctx, `${layer.className} '${layer.name}'`, config.activation, {
    name,
    shape,
    layout: 'channelsFirst',
  });
}

/** Conv2D: a Conv node with Keras' padding as explicit pads. */
export function exportConv2D(ctx: ExportContext, layer: Layer, x: Value): Value {
  return exportConvolution(ctx, layer, x, 'Conv', (v, config, { kernel, strides }) => {
    const [dh, dw] = pairOf(config.dilationRate, 1);
    const [top, bottom] = windowPads(config.padding, v.shape[1], kernel[0], strides[0], dh);
    const [left, right] = windowPads(config.padding, v.shape[2], kernel[1], strides[1], dw);
    return {
      dilations: { ints: [dh, dw] },
      pads: { ints: [top, left, bottom, right] },
      group: { int: 1 },
    };
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

/** Conv2DTranspose: a ConvTranspose node with pads and output_padding giving Keras' output size. */
export function exportConv2DTranspose(ctx: ExportContext, layer: Layer, x: Value): Value {
  return exportConvolution(ctx, layer, x, 'ConvTranspose', (v, config, { kernel, strides }) => {
    const h = transposePads(config.padding, staticSize(layer, v.shape[1]), kernel[0], strides[0]);
    const wd = transposePads(config.padding, staticSize(layer, v.shape[2]), kernel[1], strides[1]);
    return {
      pads: { ints: [h.pads[0], wd.pads[0], h.pads[1], wd.pads[1]] },
      output_padding: { ints: [h.outputPadding, wd.outputPadding] },
    };
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
