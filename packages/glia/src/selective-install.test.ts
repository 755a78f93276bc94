// A project that installs only @glia/core and @glia/backend-cpu gets working ops, and neither gpu.js
// nor any other Glia package comes with them. Packs the two packages as they would be published and
// installs the tarballs into an empty project with npm.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'glia-selective-'));

function pack(pkg: string): string {
  const dir = path.join(packagesDir, pkg);
  if (!existsSync(path.join(dir, 'dist', 'index.js')))
    throw new Error(`${pkg} is not built: run the build first`);
  execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: dir, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.startsWith(`glia-${pkg}-`) && f.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack produced no tarball for ${pkg}`);
  return path.join(work, tarball);
}

describe('selective install', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('core + backend-cpu install alone, run ops from ESM and CJS, and pull in nothing else', () => {
    const tarballs = [pack('core'), pack('backend-cpu')];
    const project = path.join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'selective', private: true, type: 'module' }),
    );
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: project,
      stdio: 'pipe',
    });
    const installed = readdirSync(path.join(project, 'node_modules')).filter(
      (d) => !d.startsWith('.'),
    );
    expect(installed).toEqual(['@glia']);
    expect(readdirSync(path.join(project, 'node_modules', '@glia')).sort()).toEqual([
      'backend-cpu',
      'core',
    ]);
    writeFileSync(
      path.join(project, 'esm.mjs'),
      "import { ready, matMul, tensor } from '@glia/core';\nimport '@glia/backend-cpu';\nconst b = await ready();\nconsole.log(b.name, JSON.stringify(matMul(tensor([[1, 2]]), tensor([[3], [4]])).arraySync()));\n",
    );
    writeFileSync(
      path.join(project, 'cjs.cjs'),
      "const core = require('@glia/core');\nrequire('@glia/backend-cpu');\nconsole.log(core.getBackend().name, JSON.stringify(core.softmax(core.tensor([0, 0])).arraySync()), core.hasComposition('conv2d'));\n",
    );
    expect(execFileSync('node', ['esm.mjs'], { cwd: project, encoding: 'utf8' }).trim()).toBe(
      'cpu [[11]]',
    );
    expect(execFileSync('node', ['cjs.cjs'], { cwd: project, encoding: 'utf8' }).trim()).toBe(
      'cpu [0.5,0.5] true', // the built bundle keeps core's compositions
    );
  }, 120_000);
});
