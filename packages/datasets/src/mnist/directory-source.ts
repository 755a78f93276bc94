import { DataSourceError } from '../errors';
import type { MnistFileName } from '../idx/checksums';
import { decodeAndVerify, type FileReader } from './source';

/** The names a file may have in a directory: as published, gzipped, or with a dot (`train-images.idx3-ubyte`). */
export function candidateNames(name: MnistFileName): string[] {
  const dotted = name.replace('-idx', '.idx');
  return [name, `${name}.gz`, dotted, `${dotted}.gz`];
}

/** Reads the files from a local directory (Node only: `node:fs` is loaded on first use). */
export function directoryReader(dir: string, verify: boolean, op: string): FileReader {
  return async (name, digests) => {
    const { readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    for (const candidate of candidateNames(name)) {
      const path = join(dir, candidate);
      let stored: Uint8Array;
      try {
        stored = await readFile(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw new DataSourceError(
          `${op}: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return { label: path, raw: await decodeAndVerify(path, stored, digests, verify) };
    }
    throw new DataSourceError(
      `${op}: ${dir} has no ${name} (looked for ${candidateNames(name).join(', ')})`,
    );
  };
}
