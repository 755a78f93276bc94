/**
 * The playground served for the end-to-end test: by the Vite dev server (`pnpm dev`), or as the
 * production build (`vite build` into a temporary folder, served by `vite preview`), which is what a
 * user deploys and where a bundler could drop a backend's registration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = path.join(APP_ROOT, 'vite.config.ts');

/** A running server: the page's URL, and how to stop it (and remove its build). */
export interface ServedPlayground {
  url: string;
  close(): Promise<void>;
}

export async function servePlayground(mode: 'dev' | 'build'): Promise<ServedPlayground> {
  const server = { port: 0, host: '127.0.0.1' };
  if (mode === 'dev') {
    const dev = await createServer({ configFile: CONFIG, server, logLevel: 'warn' });
    await dev.listen();
    return { url: dev.resolvedUrls!.local[0]!, close: () => dev.close() };
  }
  const outDir = await mkdtemp(path.join(tmpdir(), 'glia-playground-'));
  try {
    await build({ configFile: CONFIG, build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
    const served = await preview({
      configFile: CONFIG,
      build: { outDir },
      preview: server,
      logLevel: 'warn',
    });
    return {
      url: served.resolvedUrls!.local[0]!,
      close: async () => {
        await served.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}
