import { GliaError } from '@glia/core';

/** Layers (or layer settings) that have no ONNX form; the message lists every one of them. */
export class OnnxExportError extends GliaError {
  override name = 'OnnxExportError';
}

/** An ONNX file that Glia cannot or will not load; the message names the node, tensor or field. */
export class OnnxImportError extends GliaError {
  override name = 'OnnxImportError';
}
