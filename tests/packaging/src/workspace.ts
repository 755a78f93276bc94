// The published packages of this workspace, read from packages/*/package.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/packaging/src -> ../../..). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The fields of a package.json this test reads. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** One published package: its folder and manifest. */
export interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every package under packages/ that is not private: what `changeset publish` would publish. */
export function publishedPackages(): WorkspacePackage[] {
  const root = path.join(repoRoot, 'packages');
  return readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: readManifest(dir) }))
    .filter((p) => p.manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** Third-party (non-workspace) runtime dependencies of a package. */
export function thirdPartyDependencies(pkg: WorkspacePackage): string[] {
  return Object.entries(pkg.manifest.dependencies ?? {})
    .filter(([, range]) => !range.startsWith('workspace:'))
    .map(([name]) => name);
}

/** This test package's own manifest. */
export const testManifest: Manifest = readManifest(path.join(repoRoot, 'tests', 'packaging'));

/**
 * The published packages this test packs: those it lists as devDependencies, because that is what
 * makes turbo build them before the test runs. A published package missing from the list fails
 * the test 'every published package is packed'.
 */
export function packagesUnderTest(): WorkspacePackage[] {
  const listed = testManifest.devDependencies ?? {};
  return publishedPackages().filter((p) => p.manifest.name in listed);
}

/** `name` and every published package it depends on at run time, transitively. */
export function workspaceClosure(name: string): string[] {
  const byName = new Map(publishedPackages().map((p) => [p.manifest.name, p]));
  const seen = new Set<string>();
  const visit = (n: string) => {
    const pkg = byName.get(n);
    if (pkg === undefined || seen.has(n)) return;
    seen.add(n);
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) visit(dep);
  };
  visit(name);
  return [...seen].sort();
}

/** Whether a package ships CommonJS: its root export has a `require` condition. */
export function shipsCommonJs(manifest: Manifest): boolean {
  const root = manifest.exports?.['.'];
  return typeof root === 'object' && root !== null && 'require' in root;
}

/** The manifest of the published package `name`. */
export function manifestOf(name: string): Manifest {
  const pkg = publishedPackages().find((p) => p.manifest.name === name);
  if (pkg === undefined) throw new Error(`${name} is not a published package of this workspace`);
  return pkg.manifest;
}
