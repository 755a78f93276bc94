import { ValueError } from '@glia/core';

/** The path of a `file://` URL (or a plain path); node:fs is loaded lazily, so bundles stay browser-safe. */
export function filePath(owner: string, url: string): string {
  if (typeof url !== 'string' || url.length === 0) {
    throw new ValueError(`${owner}: expected a 'file://…' path, got ${JSON.stringify(url)}`);
  }
  return url.toLowerCase().startsWith('file://') ? url.slice('file://'.length) : url;
}

/** node:fs/promises and node:path, or a ValueError outside Node. */
export async function nodeModules(owner: string): Promise<{
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
}> {
  try {
    const [fs, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    return { fs, path };
  } catch {
    throw new ValueError(`${owner}: file:// needs Node.js`);
  }
}
