// A temporary npm project that installs tarballs with the registry out of reach.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A project folder with tarballs installed and helpers to run scripts in it. */
export interface TempProject {
  dir: string;
  /** Top-level entries of node_modules, scoped ones as `@scope/name`, sorted. */
  installed(): string[];
  /** Writes `file` and runs it with node; returns its trimmed stdout. */
  run(file: string, source: string): string;
}

/**
 * Creates `dir`, installs `tarballs` with `npm install --offline` and a fresh, empty cache, so
 * anything not among the tarballs fails the install (ENOTCACHED) instead of being downloaded.
 * `legacyPeerDeps` stops npm from installing peer dependencies (the conformance kit's vitest).
 */
export function createProject(
  dir: string,
  tarballs: string[],
  options: { legacyPeerDeps?: boolean } = {},
): TempProject {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: path.basename(dir), private: true, version: '0.0.0' }),
  );
  const args = ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  args.push('--cache', path.join(dir, '.npm-cache'));
  if (options.legacyPeerDeps) args.push('--legacy-peer-deps');
  try {
    execFileSync('npm', [...args, ...tarballs], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string };
    throw new Error(
      `npm install --offline failed in ${dir}:\n${err.stderr ?? ''}${err.stdout ?? ''}`,
    );
  }
  return {
    dir,
    installed() {
      const root = path.join(dir, 'node_modules');
      if (!existsSync(root)) return [];
      return readdirSync(root)
        .filter((d) => !d.startsWith('.'))
        .flatMap((d) =>
          d.startsWith('@') ? readdirSync(path.join(root, d)).map((s) => `${d}/${s}`) : [d],
        )
        .sort();
    },
    run(file, source) {
      writeFileSync(path.join(dir, file), source);
      return execFileSync('node', [file], { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
    },
  };
}

/** Bytes on disk under `dir`/node_modules (files as their sizes) and the number of packages there. */
export function installSize(dir: string): { bytes: number; packages: number } {
  let bytes = 0;
  let packages = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder)) {
      if (entry === '.npm-cache') continue;
      const full = path.join(folder, entry);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        bytes += stat.size;
        if (
          entry === 'package.json' &&
          path.basename(path.dirname(path.dirname(full))).match(/^(node_modules|@[^/]+)$/)
        )
          packages++;
      }
    }
  };
  const root = path.join(dir, 'node_modules');
  if (existsSync(root)) walk(root);
  return { bytes, packages };
}
