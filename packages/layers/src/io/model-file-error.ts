import { GliaError } from '@glia/core';

/**
 * A model file that cannot be loaded: malformed JSON, an unknown layer class or field, a weight
 * whose bytes do not match its shape. The message names the file and the JSON path of the field
 * (`model.json: modelTopology.config.layers[3].config.kernel_size: expected ...`).
 */
export class ModelFileError extends GliaError {
  override name = 'ModelFileError';
  /** The file (`model.json`, `weights.bin`, or a URL). */
  readonly file: string;
  /** The JSON path of the field at fault (`''` for the file as a whole). */
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${problem}`);
    this.file = file;
    this.field = field;
  }
}
