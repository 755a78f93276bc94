// Packing: every published package with `pnpm pack` (which rewrites workspace: ranges to versions),
// and the third-party dependencies they need repacked from this workspace's own installation, so a
// temporary project installs with the registry out of reach.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import {
  publishedPackages,
  readManifest,
  thirdPartyDependencies,
  type WorkspacePackage,
} from './workspace';

/** Packs `pkg` into `dest` and returns the tarball's path; the package must be built. */
export function packPackage(pkg: WorkspacePackage, dest: string): string {
  if (!existsSync(path.join(pkg.dir, 'dist', 'index.js'))) {
    throw new Error(
      `${pkg.manifest.name} is not built (no dist/index.js): run \`pnpm build\` first`,
    );
  }
  const before = new Set(readdirSync(dest));
  execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir, stdio: 'pipe' });
  const created = readdirSync(dest).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (created.length !== 1) {
    throw new Error(`pnpm pack of ${pkg.manifest.name} made ${created.length} tarballs, not 1`);
  }
  return path.join(dest, created[0]!);
}

/** Where `name` resolves from `dir`, walking up node_modules folders as Node does. */
function resolveInstalled(name: string, dir: string): string | null {
  for (let cur = dir; ; cur = path.dirname(cur)) {
    const candidate = path.join(cur, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (path.dirname(cur) === cur) return null;
  }
}

/**
 * The third-party packages (and their own dependencies, transitively) that `packages` need at run
 * time, as installed in this workspace: name@version -> folder. Missing ones are listed separately.
 */
export function thirdPartyClosure(packages: WorkspacePackage[]): {
  found: Map<string, string>;
  missing: string[];
} {
  const found = new Map<string, string>();
  const missing: string[] = [];
  const visit = (name: string, from: string) => {
    const dir = resolveInstalled(name, from);
    if (dir === null) {
      missing.push(`${name} (needed from ${from})`);
      return;
    }
    const manifest = readManifest(dir);
    const key = `${manifest.name}@${manifest.version}`;
    if (found.has(key)) return;
    found.set(key, dir);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  for (const pkg of packages) for (const dep of thirdPartyDependencies(pkg)) visit(dep, pkg.dir);
  return { found, missing };
}

/** The file name `repack` gives the installed package in `dir`. */
export function repackedName(dir: string): string {
  const { name, version } = readManifest(dir);
  return `${name.replace('@', '').replace('/', '-')}-${version}.tgz`;
}

/**
 * The repacked tarballs (among `tarballs`) of the third-party packages that the published packages
 * `names` need at run time, transitively.
 */
export function thirdPartyTarballsFor(names: string[], tarballs: string[]): string[] {
  const packages = publishedPackages().filter((p) => names.includes(p.manifest.name));
  const wanted = new Set([...thirdPartyClosure(packages).found.values()].map(repackedName));
  return tarballs.filter((t) => wanted.has(path.basename(t)));
}

/**
 * Repacks installed packages (folders) as npm tarballs in `dest`: their files under `package/`, as
 * the registry serves them. (tar rather than `npm pack`, which runs the package's devEngines checks
 * and would refuse packages developed with another package manager.)
 */
export function repack(dirs: Iterable<string>, dest: string): string[] {
  const tarballs: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dest, repackedName(dir));
    execFileSync('tar', [
      '-czf',
      file,
      '-C',
      dir,
      '--exclude=./node_modules',
      '--transform',
      's,^\\.,package,',
      '.',
    ]);
    tarballs.push(file);
  }
  return tarballs;
}
