/**
 * `downloads://name`: the browser downloads `name.json` and `name.weights.bin` (TF.js's names; the
 * manifest points at the weights file). Save only: load the files back with `fromMemory` or http.
 */
import type { IOHandler, ModelArtifacts, SaveResult } from '../io-types';
import { requireGlobal } from './browser-support';
import { modelJsonFor, saveResult } from './model-json';

function click(doc: Document, fileName: string, blob: Blob): Promise<void> {
  const url = URL.createObjectURL(blob);
  const anchor = doc.createElement('a');
  anchor.download = fileName;
  anchor.href = url;
  anchor.dispatchEvent(new MouseEvent('click'));
  // Give the browser a turn to start the download before the URL is revoked; some browsers keep
  // only the last of two downloads started in the same turn.
  return new Promise((resolve) =>
    setTimeout(() => {
      URL.revokeObjectURL(url);
      resolve();
    }, 0),
  );
}

/** A save handler that downloads the model as two files (browser only). */
export function browserDownloads(name = 'model'): IOHandler {
  const base = name || 'model';
  return {
    source: `downloads://${base}`,
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const doc = requireGlobal('downloads://', 'a document to download from', globalThis.document);
      const weightsName = `${base}.weights.bin`;
      const json = JSON.stringify(modelJsonFor(artifacts, `./${weightsName}`));
      await click(doc, `${base}.json`, new Blob([json], { type: 'application/json' }));
      await click(
        doc,
        weightsName,
        new Blob([artifacts.weightData], { type: 'application/octet-stream' }),
      );
      return saveResult(`downloads://${base}`, json, artifacts.weightData);
    },
  };
}
