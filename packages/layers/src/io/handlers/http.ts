/**
 * `http(s)://...`: load fetches model.json, then each weights file relative to it; save POSTs a
 * multipart form with `model.json` and `model.weights.bin`, as TF.js's http handler does (so
 * servers written for TF.js accept Glia's models).
 */
import { checkOptions, type FetchFunction, type FetchRequestInit, ValueError } from '@glia/core';
import type { IOHandler, ModelArtifacts, SaveResult } from '../io-types';
import { ModelFileError } from '../model-file-error';
import { requireGlobal } from './browser-support';
import { artifactsFromModelJson, modelJsonFor, parseModelJson, saveResult } from './model-json';

/** `http` options. */
export interface HttpOptions {
  /** Extra request settings (headers, credentials), merged into every request. */
  requestInit?: FetchRequestInit;
  /** A fetch to use instead of the global one. */
  fetch?: FetchFunction;
}

const HTTP_KEYS = Object.keys({
  requestInit: true,
  fetch: true,
} satisfies Record<keyof HttpOptions, true>);

/** A handler that loads from and saves to a URL over HTTP(S) (browsers and Node 18+). */
export function http(url: string, options: HttpOptions = {}): IOHandler {
  checkOptions('http', 'http(url, { requestInit?, fetch? })', options, HTTP_KEYS);
  if (!/^https?:\/\//i.test(url))
    throw new ValueError(`http: '${url}' is not an http:// or https:// URL`);
  const doFetch = (input: string, init?: FetchRequestInit): Promise<Response> => {
    const f = options.fetch ?? requireGlobal('http(s)://', 'fetch', globalThis.fetch);
    return f(input, { ...options.requestInit, ...init });
  };
  return {
    source: url,
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const json = JSON.stringify(modelJsonFor(artifacts, './model.weights.bin'));
      const body = new FormData();
      body.append('model.json', new Blob([json], { type: 'application/json' }), 'model.json');
      body.append(
        'model.weights.bin',
        new Blob([artifacts.weightData], { type: 'application/octet-stream' }),
        'model.weights.bin',
      );
      const response = await doFetch(url, { method: 'POST', body });
      if (!response.ok)
        throw new ValueError(
          `save: POST ${url} answered ${response.status} ${response.statusText}`,
        );
      return saveResult(url, json, artifacts.weightData);
    },
    async load(): Promise<ModelArtifacts> {
      const response = await doFetch(url);
      if (!response.ok)
        throw new ModelFileError(
          url,
          '',
          `GET answered ${response.status} ${response.statusText}: is this the URL of a model.json?`,
        );
      const json = parseModelJson(await response.text(), url);
      return artifactsFromModelJson(json, url, async (p) => {
        const weightsUrl = new URL(p, url).toString();
        const r = await doFetch(weightsUrl);
        if (!r.ok)
          throw new ModelFileError(
            weightsUrl,
            '',
            `GET answered ${r.status} ${r.statusText} (listed in ${url}'s weightsManifest)`,
          );
        return r.arrayBuffer();
      });
    },
  };
}
