import { ValueError } from '@glia/core';
import { browserDownloads } from './handlers/downloads';
import { fileSystem } from './handlers/file-system';
import { http } from './handlers/http';
import { browserIndexedDB } from './handlers/indexed-db';
import { browserLocalStorage } from './handlers/local-storage';
import type { IOHandler } from './io-types';

type HandlerFactory = (rest: string, url: string) => IOHandler;

interface Route {
  scheme: string;
  save?: HandlerFactory;
  load?: HandlerFactory;
  note: string;
}

/** A scheme whose one handler both saves and loads. */
const both = (scheme: string, handler: HandlerFactory, note: string): Route => ({
  scheme,
  save: handler,
  load: handler,
  note,
});

/** http:// and https:// take the whole URL. */
const byUrl: HandlerFactory = (_, url) => http(url);

const ROUTES: Route[] = [
  both('file://', (p) => fileSystem(p), 'file:// (Node)'),
  both('indexeddb://', (n) => browserIndexedDB(n), 'indexeddb:// (browser)'),
  both('localstorage://', (n) => browserLocalStorage(n), 'localstorage:// (browser)'),
  {
    scheme: 'downloads://',
    save: (n) => browserDownloads(n),
    note: 'downloads:// (browser, save only)',
  },
  both('http://', byUrl, 'http://'),
  both('https://', byUrl, 'https://'),
];

function route(url: string, direction: 'save' | 'load'): IOHandler {
  const where = direction === 'save' ? 'save' : 'loadModel';
  if (typeof url !== 'string')
    throw new ValueError(`${where}: expected a URL string or an IOHandler, got ${typeof url}`);
  const match = ROUTES.find((r) => url.toLowerCase().startsWith(r.scheme));
  const supported = ROUTES.filter((r) => r[direction])
    .map((r) => r.note)
    .join(', ');
  if (!match) {
    const hint = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)
      ? ''
      : ` (a path? write 'file://${url}')`;
    throw new ValueError(
      `${where}: no handler for '${url}'${hint}: supported schemes are ${supported}, or pass an IOHandler`,
    );
  }
  const factory = match[direction];
  if (!factory)
    throw new ValueError(
      `${where}: ${match.scheme} cannot ${direction} models: supported schemes are ${supported}`,
    );
  return factory(url.slice(match.scheme.length), url);
}

/** The handler that saves to `url` (`'file://dir'`, `'indexeddb://name'`, ...). */
export function getSaveHandler(url: string): IOHandler {
  return route(url, 'save');
}

/** The handler that loads from `url` (`'file://dir/model.json'`, `'https://.../model.json'`, ...). */
export function getLoadHandler(url: string): IOHandler {
  return route(url, 'load');
}
