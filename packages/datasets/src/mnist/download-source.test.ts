import '@glia/backend-cpu';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ready } from '@glia/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DataFormatError, DataSourceError } from '../errors';
import { loadMnist, type MnistData } from './load-mnist';
import { resolveMnistDataDir } from './package-source';

const FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/** What the local server serves at /good/<file>.gz, /bad/<file>.gz, ...; and what it was asked. */
const routes = new Map<string, Uint8Array>();
let requests: string[] = [];
let server: Server;
let base: string;
let scratch: string;

beforeAll(async () => {
  await ready();
  const dir = await resolveMnistDataDir();
  // The real files, gzipped here (fast level: not byte-identical to the canonical .gz, so they
  // pass on the pinned digests of their uncompressed content).
  for (const name of FILES) {
    const raw = await readFile(join(dir, name));
    const gz = gzipSync(raw, { level: 1 });
    routes.set(`/good/${name}.gz`, gz);
    routes.set(`/truncated/${name}.gz`, gz.subarray(0, Math.floor(gz.length / 2)));
    if (name === 'train-labels-idx1-ubyte') {
      const changed = new Uint8Array(raw);
      changed[8] = 3; // a valid IDX file whose first label is wrong
      routes.set(`/changed/${name}.gz`, gzipSync(changed, { level: 1 }));
    } else {
      routes.set(`/changed/${name}.gz`, gz);
    }
  }
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = routes.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scratch = await mkdtemp(join(tmpdir(), 'glia-download-'));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  requests = [];
});

function disposeAll(d: MnistData): void {
  for (const t of [d.train.images, d.train.labels, d.test.images, d.test.labels]) t.dispose();
}

const limit = { train: 20, test: 20 };

describe('loadMnist from a URL with a cache directory', () => {
  it('downloads the four files once; the second load reads the cache and makes no request', async () => {
    const cacheDir = join(scratch, 'cache');
    const t0 = performance.now();
    const first = await loadMnist({ source: { url: `${base}/good/`, cacheDir }, limit });
    const t1 = performance.now();
    expect(requests.sort()).toEqual(FILES.map((f) => `/good/${f}.gz`).sort());
    expect(Array.from(first.train.labels.dataSync().subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect((await readdir(cacheDir)).sort()).toEqual(FILES.map((f) => `${f}.gz`).sort());
    requests = [];
    const second = await loadMnist({ source: { url: `${base}/good`, cacheDir }, limit });
    const t2 = performance.now();
    console.log(
      `loadMnist (url): download ${((t1 - t0) / 1000).toFixed(2)} s, cache hit ${((t2 - t1) / 1000).toFixed(2)} s`,
    );
    expect(requests).toEqual([]);
    expect(Array.from(second.test.labels.dataSync().subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    disposeAll(first);
    disposeAll(second);
  }, 30_000);

  it('downloads again a cached file that no longer passes its check', async () => {
    const cacheDir = join(scratch, 'damaged-cache');
    disposeAll(await loadMnist({ source: { url: `${base}/good/`, cacheDir }, limit }));
    await writeFile(join(cacheDir, 't10k-labels-idx1-ubyte.gz'), gzipSync(new Uint8Array(5)));
    requests = [];
    disposeAll(await loadMnist({ source: { url: `${base}/good/`, cacheDir }, limit }));
    expect(requests).toEqual(['/good/t10k-labels-idx1-ubyte.gz']);
  }, 30_000);

  it('rejects a download whose content fails its checksum, naming the URL and digests, and does not cache it', async () => {
    const cacheDir = join(scratch, 'changed-cache');
    const error = await loadMnist({ source: { url: `${base}/changed/`, cacheDir }, limit }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toMatch(
      new RegExp(
        `^${base}/changed/train-labels-idx1-ubyte.gz \\(decompressed\\): SHA-256 mismatch: expected 65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5, got [0-9a-f]{64}$`,
      ),
    );
    const cached = await readdir(cacheDir).catch(() => []);
    expect(cached).not.toContain('train-labels-idx1-ubyte.gz');
  }, 30_000);

  it('rejects a truncated download as a damaged gzip stream naming the URL', async () => {
    await expect(
      loadMnist({ source: { url: `${base}/truncated/`, cacheDir: join(scratch, 't') }, limit }),
    ).rejects.toThrow(DataFormatError);
    await expect(loadMnist({ source: { url: `${base}/truncated/` }, limit })).rejects.toThrow(
      new RegExp(`^${base}/truncated/train-(images|labels)-idx\\d-ubyte.gz: damaged gzip stream`),
    );
  }, 30_000);

  it('an HTTP error names the URL and status; an unreachable host is a DataSourceError', async () => {
    await expect(loadMnist({ source: { url: `${base}/missing/` }, limit })).rejects.toThrow(
      new RegExp(
        `^loadMnist: cannot download ${base}/missing/train-(images|labels)-idx\\d-ubyte.gz: HTTP 404`,
      ),
    );
    // a port that was just closed on this machine: nothing leaves 127.0.0.1
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      loadMnist({ source: { url: `http://127.0.0.1:${port}/` }, limit }),
    ).rejects.toThrow(DataSourceError);
  }, 30_000);
});
