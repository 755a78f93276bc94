/** Where `model.save` writes: a URL-like string (`'file://dir'`, `'indexeddb://name'`, ...) or a handler. */
export type SaveTarget = string | IOHandler;

/** TF.js's model artifacts: the model.json content and the weights, as TF.js's IOHandler moves them. */
export interface ModelArtifacts {
  /** The `modelTopology` field of model.json (Keras model config, snake_case). */
  modelTopology: Record<string, unknown>;
  /** Optional: the compile settings (loss, metrics, optimizer_config), snake_case as TF.js. */
  trainingConfig?: Record<string, unknown>;
  /** The weights manifest entries (name, shape, dtype), in the order of `weightData`. */
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' | 'bool' }[];
  /** The concatenated little-endian weight bytes (weights.bin). */
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** Saves and/or loads artifacts (file system, IndexedDB, localStorage, HTTP, memory, ...). */
export interface IOHandler {
  save?(artifacts: ModelArtifacts): Promise<SaveResult>;
  load?(): Promise<ModelArtifacts>;
}

/** What a save reports. */
export interface SaveResult {
  /** Where it went, in words (`file:///abs/dir/model.json`). */
  location: string;
  modelJsonBytes: number;
  weightDataBytes: number;
}
