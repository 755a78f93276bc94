import { ValueError } from '@glia/core';
import { browserDownloads } from './handlers/downloads';
import { fileSystem } from './handlers/file-system';
import { http } from './handlers/http';
import { browserIndexedDB } from './handlers/indexed-db';
import { browserLocalStorage } from './handlers/local-storage';
import type { IOHandler } from './io-types';

interface Route {
  scheme: string;
  save?: (rest: string, url: string) => IOHandler;
  load?: (rest: string, url: string) => IOHandler;
  note: string;
}

const ROUTES: Route[] = [
  {
    scheme: 'file://',
    save: (p) => fileSystem(p),
    load: (p) => fileSystem(p),
    note: 'file:// (Node)',
  },
  {
    scheme: 'indexeddb://',
    save: (n) => browserIndexedDB(n),
    load: (n) => browserIndexedDB(n),
    note: 'indexeddb:// (browser)',
  },
  {
    scheme: 'localstorage://',
    save: (n) => browserLocalStorage(n),
    load: (n) => browserLocalStorage(n),
    note: 'localstorage:// (browser)',
  },
  {
    scheme: 'downloads://',
    save: (n) => browserDownloads(n),
    note: 'downloads:// (browser, save only)',
  },
  { scheme: 'http://', save: (_, url) => http(url), load: (_, url) => http(url), note: 'http://' },
  {
    scheme: 'https://',
    save: (_, url) => http(url),
    load: (_, url) => http(url),
    note: 'https://',
  },
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
