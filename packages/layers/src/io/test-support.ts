// Shared by the io tests that write files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '@glia/core';
import { afterAll, beforeAll } from 'vitest';

/**
 * A fresh temporary folder for the calling test file, made once Glia is ready (before the file's
 * own `beforeAll` hooks registered after this call) and removed with its contents after the file's
 * tests. Returns a getter of its path.
 */
export function useTempDir(prefix: string): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    await ready();
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined) throw new Error('useTempDir: the folder is made in beforeAll');
    return dir;
  };
}
