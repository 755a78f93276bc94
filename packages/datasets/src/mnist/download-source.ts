import type { FetchFunction } from '@glia/core';
import { ChecksumError, DataFormatError, DataSourceError } from '../errors';
import type { FileDigests, MnistFileName } from '../idx/checksums';
import { decodeAndVerify, type FileReader, type ReadFile } from './source';

/** Options of {@link downloadReader}. */
export interface DownloadOptions {
  /** Base URL; `<name>.gz` is fetched from it. */
  url: string;
  /** Where checked downloads are kept; a file found there is checked again and not fetched. */
  cacheDir?: string;
  /** Check digests (default true). */
  verify: boolean;
  /** The `fetch` to use (default the global one). */
  fetch?: FetchFunction;
}

function fileUrl(base: string, fileName: string, op: string): string {
  try {
    return new URL(fileName, base.endsWith('/') ? base : `${base}/`).toString();
  } catch {
    throw new DataSourceError(`${op}: source url '${base}' is not a valid URL`);
  }
}

async function readCached(
  path: string,
  label: string,
  digests: FileDigests,
  verify: boolean,
): Promise<ReadFile | undefined> {
  const { readFile, rm } = await import('node:fs/promises');
  let stored: Uint8Array;
  try {
    stored = await readFile(path);
  } catch {
    return undefined;
  }
  try {
    return { label, raw: await decodeAndVerify(path, stored, digests, verify) };
  } catch (e) {
    if (!(e instanceof ChecksumError || e instanceof DataFormatError)) throw e;
    // A damaged cache entry (an interrupted write, a changed mirror): fetch it again.
    await rm(path, { force: true });
    return undefined;
  }
}

async function writeCached(path: string, bytes: Uint8Array): Promise<void> {
  const { mkdir, rename, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(path), { recursive: true });
  // Write then rename, so a crash never leaves a half-written file under the real name.
  const partial = `${path}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, path);
}

/**
 * Fetches `<url>/<name>.gz`, checks it, and keeps it in `cacheDir`; later loads read the cache
 * (checked again) and do not touch the network. A file that fails its check is never cached.
 */
export function downloadReader(options: DownloadOptions, op: string): FileReader {
  const { url, cacheDir, verify } = options;
  return async (name: MnistFileName, digests: FileDigests) => {
    const fileName = `${name}.gz`;
    const address = fileUrl(url, fileName, op);
    let cachePath: string | undefined;
    if (cacheDir !== undefined) {
      const { join } = await import('node:path');
      cachePath = join(cacheDir, fileName);
      const cached = await readCached(cachePath, cachePath, digests, verify);
      if (cached) return cached;
    }
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(address);
    } catch (e) {
      throw new DataSourceError(
        `${op}: cannot download ${address}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    if (!response.ok)
      throw new DataSourceError(
        `${op}: cannot download ${address}: HTTP ${response.status} ${response.statusText}`,
      );
    const stored = new Uint8Array(await response.arrayBuffer());
    const raw = await decodeAndVerify(address, stored, digests, verify);
    if (cachePath !== undefined) await writeCached(cachePath, stored);
    return { label: address, raw };
  };
}
