/**
 * @glia/onnx: ONNX export and import for Glia models, checked against ONNX Runtime.
 * @packageDocumentation
 */
export { OnnxExportError, OnnxImportError } from './errors';
export { EXPORTABLE_LAYER_CLASSES } from './export/layer-exporters';
export {
  ONNX_IR_VERSION,
  ONNX_OPSET,
  saveOnnx,
  type ToOnnxOptions,
  toOnnx,
} from './export/to-onnx';
export { type FromOnnxOptions, fromOnnx, IMPORTABLE_OPS, loadOnnx } from './import/from-onnx';
export { OnnxGraph, type OnnxGraphArgs } from './import/graph-layer';
export { saveTritonModel, type TritonOptions, tritonConfig } from './triton';
