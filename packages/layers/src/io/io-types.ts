/** Where `model.save` writes: a URL-like string (`'file://dir'`, `'indexeddb://name'`, ...) or a handler. */
export type SaveTarget = string | IOHandler;

/** A weight's dtype in the weights manifest. */
export type WeightDType = 'float32' | 'int32' | 'bool';

/** One entry of the weights manifest: a weight's name, shape and dtype, in the order of the bytes. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** `'optimizer'` for the optimizer's state (saved with `includeOptimizer`), as TF.js marks it. */
  group?: 'model' | 'optimizer';
}

/** TF.js's model artifacts: the model.json content and the weights, as TF.js's IOHandler moves them. */
export interface ModelArtifacts {
  /** The `modelTopology` field of model.json (Keras model config, snake_case). */
  modelTopology: Record<string, unknown>;
  /** Optional: the compile settings (loss, metrics, optimizer_config), snake_case as TF.js. */
  trainingConfig?: Record<string, unknown>;
  /** The weights manifest entries (name, shape, dtype), in the order of `weightData`. */
  weightSpecs: WeightSpec[];
  /** The concatenated little-endian weight bytes (weights.bin). */
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** One group of weight files in model.json's `weightsManifest`. */
export interface WeightsManifestEntry {
  /** Files relative to model.json, read in order and concatenated. */
  paths: string[];
  weights: WeightSpec[];
}

/** The content of model.json. */
export interface ModelJson {
  modelTopology: Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: WeightsManifestEntry[];
  trainingConfig?: Record<string, unknown>;
}

/** Saves and/or loads artifacts (file system, IndexedDB, localStorage, HTTP, memory, ...). */
export interface IOHandler {
  /** Where it loads from, for error messages (`/abs/dir/model.json`, a URL). */
  readonly source?: string;
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
