/**
 * `localstorage://name`: the model in the browser's localStorage, under the keys TF.js uses
 * (`tensorflowjs_models/<name>/{info,model_topology,weight_specs,weight_data,model_metadata}`), so
 * TF.js and Glia load each other's saved models.
 */
import { ValueError } from '@glia/core';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io-types';
import { ModelFileError } from '../model-file-error';
import { fromBase64, requireGlobal, toBase64 } from './browser-support';
import { saveResult } from './model-json';

function keysFor(
  name: string,
): Record<'info' | 'topology' | 'weightSpecs' | 'weightData' | 'metadata', string> {
  const base = `tensorflowjs_models/${name}`;
  return {
    info: `${base}/info`,
    topology: `${base}/model_topology`,
    weightSpecs: `${base}/weight_specs`,
    weightData: `${base}/weight_data`,
    metadata: `${base}/model_metadata`,
  };
}

/** A handler for `localstorage://name` (browser only). */
export function browserLocalStorage(name: string): IOHandler {
  if (!name)
    throw new ValueError("localstorage://: give the model a name, e.g. 'localstorage://my-model'");
  const keys = keysFor(name);
  const storage = (): Storage =>
    requireGlobal('localstorage://', 'localStorage', globalThis.localStorage);
  const source = `localstorage://${name}`;
  return {
    source,
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const ls = storage();
      const topology = JSON.stringify(artifacts.modelTopology);
      const specs = JSON.stringify(artifacts.weightSpecs);
      const info = {
        dateSaved: new Date().toISOString(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: topology.length,
        weightSpecsBytes: specs.length,
        weightDataBytes: artifacts.weightData.byteLength,
      };
      const metadata = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
      };
      try {
        ls.setItem(keys.topology, topology);
        ls.setItem(keys.weightSpecs, specs);
        ls.setItem(keys.weightData, toBase64(artifacts.weightData));
        ls.setItem(keys.metadata, JSON.stringify(metadata));
        // Written last: a model without its info entry does not exist for load.
        ls.setItem(keys.info, JSON.stringify(info));
      } catch (e) {
        for (const key of Object.values(keys)) ls.removeItem(key);
        throw new ValueError(
          `save: ${source} failed (the storage quota, ${artifacts.weightData.byteLength} bytes of weights, is a likely cause): ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return saveResult(source, topology + specs, artifacts.weightData);
    },
    async load(): Promise<ModelArtifacts> {
      const ls = storage();
      if (ls.getItem(keys.info) === null)
        throw new ValueError(`loadModel: no model named '${name}' in localStorage`);
      const read = (key: string, field: string): unknown => {
        const text = ls.getItem(key);
        if (text === null) throw new ModelFileError(source, field, 'is missing from localStorage');
        try {
          return JSON.parse(text);
        } catch {
          throw new ModelFileError(source, field, 'is not valid JSON');
        }
      };
      const metadata = (read(keys.metadata, 'model_metadata') ?? {}) as Record<string, unknown>;
      const data = ls.getItem(keys.weightData);
      if (data === null)
        throw new ModelFileError(source, 'weight_data', 'is missing from localStorage');
      return {
        ...(metadata as Partial<ModelArtifacts>),
        modelTopology: read(keys.topology, 'modelTopology') as Record<string, unknown>,
        weightSpecs: read(keys.weightSpecs, 'weightSpecs') as ModelArtifacts['weightSpecs'],
        weightData: fromBase64(data),
      };
    },
  };
}
