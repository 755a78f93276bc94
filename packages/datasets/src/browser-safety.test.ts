import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every non-test source file under src/. */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('browser bundles', () => {
  it('no source file imports a Node module at the top level (only `await import(...)` on first use)', async () => {
    const offenders: string[] = [];
    for (const file of await sources(fileURLToPath(new URL('.', import.meta.url)))) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(
        /^\s*(import|export)\b[^;]*?from\s+'(node:[^']+|fs|path|zlib|crypto|module|http)'/gm,
      ))
        offenders.push(`${file}: ${match[2]}`);
    }
    expect(offenders).toEqual([]);
  });
});
