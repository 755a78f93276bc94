// Packs once for every test file: each published Glia package (`pnpm pack`) and the third-party
// packages they depend on (repacked from this workspace's installation, scripts not run), into one
// temporary folder the tests read through `inject('packed')`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { packPackage, repack, thirdPartyClosure } from './tarballs';
import { packagesUnderTest, readManifest, repoRoot } from './workspace';

/** What the tests get: where the tarballs are. */
export interface Packed {
  /** The folder every tarball and temporary project lives in (removed afterwards). */
  work: string;
  /** Package name -> tarball, for every published Glia package. */
  glia: Record<string, string>;
  /** Tarballs of the third-party packages the Glia packages need at run time. */
  thirdParty: string[];
  /** Third-party dependencies not installed in this workspace (they cannot be installed offline). */
  missing: string[];
  /** apps/custom-backend, the example third-party plugin, packed as its author would publish it. */
  plugin: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed;
  }
}

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(path.join(tmpdir(), 'glia-packaging-'));
  const tarballDir = path.join(work, 'tarballs');
  const packages = packagesUnderTest();
  const glia: Record<string, string> = {};
  mkdirSync(tarballDir);
  for (const pkg of packages) glia[pkg.manifest.name] = packPackage(pkg, tarballDir);
  const { found, missing } = thirdPartyClosure(packages);
  const thirdParty = repack(found.values(), tarballDir);
  const pluginDir = path.join(repoRoot, 'apps', 'custom-backend');
  const plugin = packPackage({ dir: pluginDir, manifest: readManifest(pluginDir) }, tarballDir);
  project.provide('packed', { work, glia, thirdParty, missing, plugin });
  return () => rmSync(work, { recursive: true, force: true });
}
