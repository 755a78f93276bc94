export { browserDownloads } from './handlers/downloads';
export { fileSystem } from './handlers/file-system';
export { type HttpOptions, http } from './handlers/http';
export { browserIndexedDB } from './handlers/indexed-db';
export { browserLocalStorage } from './handlers/local-storage';
export {
  type ArtifactsLike,
  fromMemory,
  type MemoryHandler,
  memoryHandler,
} from './handlers/memory';
export type {
  IOHandler,
  ModelArtifacts,
  ModelJson,
  SaveResult,
  SaveTarget,
  WeightDType,
  WeightSpec,
  WeightsManifestEntry,
} from './io-types';
export { loadModel, modelFromArtifacts } from './load-model';
export { ModelFileError } from './model-file-error';
export { getLoadHandler, getSaveHandler } from './router';
export { modelToArtifacts, type SaveOptions } from './save-model';
