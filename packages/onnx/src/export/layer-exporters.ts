import type { Layer } from '@glia/layers';
import { OnnxExportError } from '../errors';
import type { ExportContext, Value } from './context';
import { exportConv2D, exportConv2DTranspose } from './conv';
import { exportDense } from './dense';
import { MERGE_EXPORTERS } from './merge';
import { exportBatchNormalization, exportLayerNormalization } from './normalization';
import { exportOnnxGraph } from './onnx-graph';
import { exportGlobalPooling, exportPooling } from './pooling';
import {
  exportActivationLayer,
  exportEmbedding,
  exportFlatten,
  exportIdentity,
  exportReshape,
  exportUpSampling2D,
  exportZeroPadding2D,
} from './shape-layers';
import { exportBidirectional, exportRecurrent, makeTimeDistributedExporter } from './wrappers';

/** Appends one layer's nodes for input `x` and returns its output value. */
export type LayerExporter = (ctx: ExportContext, layer: Layer, x: Value) => Value;

const EXPORTERS = new Map<string, LayerExporter>([
  ['Dense', exportDense],
  ['Conv2D', exportConv2D],
  ['Conv2DTranspose', exportConv2DTranspose],
  ['MaxPooling2D', exportPooling],
  ['AveragePooling2D', exportPooling],
  ['GlobalAveragePooling2D', exportGlobalPooling],
  ['GlobalMaxPooling2D', exportGlobalPooling],
  ['BatchNormalization', exportBatchNormalization],
  ['LayerNormalization', exportLayerNormalization],
  ['Activation', exportActivationLayer],
  ['Flatten', exportFlatten],
  ['Reshape', exportReshape],
  ['Embedding', exportEmbedding],
  ['ZeroPadding2D', exportZeroPadding2D],
  ['UpSampling2D', exportUpSampling2D],
  ['SimpleRNN', exportRecurrent],
  ['LSTM', exportRecurrent],
  ['GRU', exportRecurrent],
  ['Bidirectional', exportBidirectional],
  ['OnnxGraph', exportOnnxGraph],
  ['TimeDistributed', makeTimeDistributedExporter((ctx, layer, x) => exportLayer(ctx, layer, x))],
  // Active only while training: identities at inference.
  ['Dropout', exportIdentity],
  ['GaussianNoise', exportIdentity],
  ['RandomTranslation', exportIdentity],
  ['RandomRotation', exportIdentity],
  ['RandomZoom', exportIdentity],
  ['RandomFlip', exportIdentity],
  ['RandomContrast', exportIdentity],
]);

/** The layer classes `toOnnx` maps (models used as layers are inlined besides). */
export const EXPORTABLE_LAYER_CLASSES: readonly string[] = [
  ...EXPORTERS.keys(),
  ...MERGE_EXPORTERS.keys(),
];

/** Appends `layer`'s nodes, or throws an OnnxExportError naming it when it has no mapping. */
export function exportLayer(ctx: ExportContext, layer: Layer, x: Value): Value {
  const exporter = EXPORTERS.get(layer.className);
  if (!exporter) {
    throw new OnnxExportError(
      `${layer.className} '${layer.name}': no ONNX mapping for this layer class`,
    );
  }
  return exporter(ctx, layer, x);
}
