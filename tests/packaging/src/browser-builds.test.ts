// Browser bundles must see no Node.js module: the packages whose Node-only functions (file handlers,
// gzip, checksums, PNG files) load Node's built-in modules serve a browser build under the `browser`
// export condition, in which those modules are replaced by one that throws a clear error.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publishedPackages } from './workspace';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every module specifier that `source` imports, statically or dynamically. */
function importedSpecifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\s*["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!);
  return found;
}

interface ExportConditions {
  browser?: { default?: string };
}

const withBrowserBuild = publishedPackages().filter(
  (p) => (p.manifest.exports as Record<string, ExportConditions> | undefined)?.['.']?.browser,
);

describe('browser builds', () => {
  it('exist for the packages with Node-only functions', () => {
    expect(withBrowserBuild.map((p) => p.manifest.name).sort()).toEqual([
      '@glia/datasets',
      '@glia/explain',
      '@glia/layers',
    ]);
  });

  it.each(withBrowserBuild.map((p) => [p.manifest.name, p] as const))(
    '%s: its browser build imports no Node.js module, and a Node-only function says so',
    async (_name, pkg) => {
      const entry = (pkg.manifest.exports as Record<string, ExportConditions>)['.']!.browser!
        .default!;
      const dir = path.dirname(path.join(pkg.dir, entry));
      const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
      expect(files).toContain(path.basename(entry));
      for (const file of files) {
        const specifiers = importedSpecifiers(readFileSync(path.join(dir, file), 'utf8'));
        expect(
          specifiers.filter((s) => builtins.has(s)),
          `${file}`,
        ).toEqual([]);
      }
      // The stand-in for a Node module throws, naming it, when a Node-only function loads it.
      const stub = files.find((f) => /zlib|promises/.test(f));
      expect(stub, 'a stand-in module for node:zlib or node:fs/promises').toBeDefined();
      await expect(import(pathToFileURL(path.join(dir, stub!)).href)).rejects.toThrow(
        /is a Node\.js module, and this is the browser build of Glia/,
      );
    },
  );
});
