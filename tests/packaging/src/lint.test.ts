// publint and @arethetypeswrong/cli on every tarball, as a registry would receive it. A package
// passes when publint reports no error or warning (warnings count as errors) and attw finds no
// problem for any entry point under node10, node16 (from CJS and from ESM) and bundler resolution.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { type AttwProfile, attwTarball, publintTarball } from './linters';
import { manifestOf, publishedPackages, repoRoot, shipsCommonJs, testManifest } from './workspace';

const packed = inject('packed');

it('every published package is packed (listed in devDependencies, so turbo builds it first)', () => {
  const listed = Object.keys(testManifest.devDependencies ?? {});
  const unlisted = publishedPackages()
    .map((p) => p.manifest.name)
    .filter((name) => !listed.includes(name));
  expect(unlisted, 'add these to tests/packaging/package.json devDependencies').toEqual([]);
  expect(Object.keys(packed.glia).length).toBe(publishedPackages().length);
});

/** ESM-only packages (no `require` condition) are held to attw's 'esm-only' profile. */
const attwProfile = (name: string): AttwProfile =>
  name.startsWith('glia-backend-plain') || shipsCommonJs(manifestOf(name)) ? 'strict' : 'esm-only';

it('the TypeDoc API reference (typedoc.config.mjs) covers every published package', async () => {
  const config = (await import(path.join(repoRoot, 'typedoc.config.mjs'))) as {
    default: { entryPoints: string[] };
  };
  const expected = publishedPackages().map(
    (p) => `${path.relative(repoRoot, p.dir).split(path.sep).join('/')}/src/index.ts`,
  );
  expect([...config.default.entryPoints].sort()).toEqual(expected.sort());
});

describe.each([
  ...Object.entries(packed.glia),
  ['glia-backend-plain (apps/custom-backend)', packed.plugin],
])('%s', (name, tarball) => {
  it('publint: no errors or warnings', async () => {
    const { errors, suggestions } = await publintTarball(tarball);
    if (suggestions.length > 0)
      console.info(`publint suggestions for ${name}:\n  ${suggestions.join('\n  ')}`);
    expect(errors).toEqual([]);
  });

  it('attw: the types resolve under every module resolution', async () => {
    expect(await attwTarball(tarball, attwProfile(name))).toEqual([]);
  });
});

// The checks above must be able to fail: a package with the classic dual-package mistake (one ESM
// .d.ts serving both the import and the require condition of a "type": "module" package) and an
// exports entry pointing at a file that was never built.
it('both linters catch a package whose types masquerade as ESM for require', async () => {
  const dir = path.join(packed.work, 'broken-package');
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'broken-package',
    version: '1.0.0',
    type: 'module',
    exports: {
      '.': { types: './index.d.ts', import: './index.js', require: './index.cjs' },
      './extra': './extra.js',
    },
    files: ['index.js', 'index.cjs', 'index.d.ts'],
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'index.js'), 'export const one = 1;\n');
  writeFileSync(path.join(dir, 'index.cjs'), 'exports.one = 1;\n');
  writeFileSync(path.join(dir, 'index.d.ts'), 'export declare const one: number;\n');
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const tarball = path.join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);

  const publintFindings = await publintTarball(tarball);
  expect(publintFindings.errors.join('\n')).toContain('FILE_DOES_NOT_EXIST');
  const attwFindings = await attwTarball(tarball, 'strict');
  expect(attwFindings.some((p) => p.startsWith('FalseESM'))).toBe(true);
});
