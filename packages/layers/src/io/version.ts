/** The version written into model.json's `generatedBy` and `keras_version`. */
export const GLIA_VERSION = '0.0.0';
