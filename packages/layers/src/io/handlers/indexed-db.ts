/**
 * `indexeddb://name`: the model in the browser's IndexedDB, in TF.js's database and stores
 * (`tensorflowjs` / `models_store`, `model_info_store`, keyed by `modelPath`), so TF.js and Glia
 * load each other's saved models.
 */
import { ValueError } from '@glia/core';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io-types';
import { requireGlobal } from './browser-support';
import { saveResult } from './model-json';

const DATABASE = 'tensorflowjs';
const VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DATABASE, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(MODELS))
        db.createObjectStore(MODELS, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A handler for `indexeddb://name` (browser only). */
export function browserIndexedDB(name: string): IOHandler {
  if (!name)
    throw new ValueError("indexeddb://: give the model a name, e.g. 'indexeddb://my-model'");
  const source = `indexeddb://${name}`;
  const factory = (): IDBFactory =>
    requireGlobal('indexeddb://', 'IndexedDB', globalThis.indexedDB);
  return {
    source,
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const db = await open(factory());
      const json = JSON.stringify(artifacts.modelTopology);
      const modelArtifactsInfo = {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: json.length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
        weightDataBytes: artifacts.weightData.byteLength,
      };
      try {
        // One transaction over both stores: either both entries are written or neither.
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction([INFO, MODELS], 'readwrite');
          tx.objectStore(INFO).put({ modelPath: name, modelArtifactsInfo });
          tx.objectStore(MODELS).put({
            modelPath: name,
            modelArtifacts: artifacts,
            modelArtifactsInfo,
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
        });
      } finally {
        db.close();
      }
      return saveResult(source, json, artifacts.weightData);
    },
    async load(): Promise<ModelArtifacts> {
      const db = await open(factory());
      try {
        const record = await new Promise<unknown>((resolve, reject) => {
          const request = db.transaction(MODELS, 'readonly').objectStore(MODELS).get(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (typeof record !== 'object' || record === null || !('modelArtifacts' in record)) {
          throw new ValueError(`loadModel: no model named '${name}' in IndexedDB`);
        }
        return (record as { modelArtifacts: ModelArtifacts }).modelArtifacts;
      } finally {
        db.close();
      }
    },
  };
}
