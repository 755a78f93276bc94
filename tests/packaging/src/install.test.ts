// Selective installs: tarballs installed offline (`npm install --offline`, empty cache) into fresh
// projects, then run with plain node as a user would.

import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { thirdPartyTarballsFor } from './tarballs';
import { createProject, installSize } from './temp-project';
import { manifestOf, repoRoot, shipsCommonJs, workspaceClosure } from './workspace';

const packed = inject('packed');
const tarball = (name: string): string => {
  const file = packed.glia[name];
  if (file === undefined) throw new Error(`${name} was not packed`);
  return file;
};

/** The README MLP (the `glia` package's example), seeded, printing its result as JSON. */
const mlpProgram = (glia: string) => `
  glia.setSeed(42);
  const model = ${glia}.sequential({ layers: [
    ${glia}.layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
    ${glia}.layers.dense({ units: 4, activation: 'softmax' }),
  ]});
  model.compile({ optimizer: ${glia}.optimizers.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = ${glia}.randomNormal([64, 4], 0, 1, 'float32', 1);
  const y = ${glia}.argMax(x, 1);
  await model.fit(x, y, { epochs: 50, verbose: 0 });
  const { loss, accuracy } = await model.evaluate(x, y);
  console.log(JSON.stringify({ backend: ${glia}.getBackend().name, loss, accuracy }));
`;

describe('selective installs', () => {
  it('@glia/core + @glia/backend-cpu alone run ops from ESM and CJS, and pull in nothing else', () => {
    const project = createProject(path.join(packed.work, 'core-cpu'), [
      tarball('@glia/core'),
      tarball('@glia/backend-cpu'),
    ]);
    expect(project.installed()).toEqual(['@glia/backend-cpu', '@glia/core']); // no gpu.js
    const esm = project.run(
      'esm.mjs',
      `import { matMul, ready, softmax, tensor } from '@glia/core';
import '@glia/backend-cpu';
const backend = await ready();
console.log(backend.name, JSON.stringify(matMul(tensor([[1, 2]]), tensor([[3], [4]])).arraySync()));`,
    );
    expect(esm).toBe('cpu [[11]]');
    const cjs = project.run(
      'cjs.cjs',
      `const core = require('@glia/core');
require('@glia/backend-cpu');
const probs = core.softmax(core.tensor([0, Math.log(3)])).arraySync();
console.log(core.getBackend().name, probs.map((p) => p.toFixed(4)).join(','), core.hasComposition('conv2d'));`,
    );
    expect(cjs).toBe('cpu 0.2500,0.7500 true'); // the CJS bundle keeps core's compositions
  });

  it('glia alone trains the README MLP, from ESM and from CJS, to the same numbers, without gpu.js', () => {
    const needed = workspaceClosure('glia');
    expect(needed).not.toContain('@glia/backend-gpujs');
    const project = createProject(path.join(packed.work, 'umbrella'), [
      ...needed.map(tarball),
      ...thirdPartyTarballsFor(needed, packed.thirdParty),
    ]);
    const installed = project.installed();
    for (const name of needed) expect(installed).toContain(name);
    expect(installed).not.toContain('gpu.js');
    expect(installed).not.toContain('@glia/backend-gpujs');
    // Only the CPU backend registers; asking for gpu.js says what to install.
    const backends = project.run(
      'backends.mjs',
      `import * as glia from 'glia';
const first = (await glia.ready()).name;
const names = glia.listBackends().map((b) => b.name).join(',');
let refusal = '';
try { await glia.setBackend('gpujs'); } catch (e) { refusal = e.message; }
console.log(names, first, glia.getBackendName(), JSON.stringify(refusal));`,
    );
    expect(backends).toBe(
      'cpu cpu cpu "setBackend: backend \'gpujs\' is not available: @glia/backend-gpujs is not installed (npm install @glia/backend-gpujs)"',
    );
    const esm = JSON.parse(
      project.run('mlp.mjs', `import * as glia from 'glia';\n${mlpProgram('glia')}`),
    ) as { backend: string; loss: number; accuracy: number };
    const cjs = JSON.parse(
      project.run(
        'mlp.cjs',
        `const glia = require('glia');\n(async () => {${mlpProgram('glia')}})();`,
      ),
    ) as typeof esm;
    expect(esm.backend).toBe('cpu');
    expect(esm.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(esm.loss).toBeLessThan(0.2);
    expect(cjs.accuracy).toBe(esm.accuracy);
    expect(Math.abs(cjs.loss - esm.loss)).toBeLessThan(1e-6);
    const size = installSize(project.dir);
    console.info(
      `installed glia alone: ${size.packages} packages, ${(size.bytes / 1e6).toFixed(1)} MB; README MLP: loss ${esm.loss.toFixed(5)}, accuracy ${esm.accuracy}`,
    );
  });

  it('glia with @glia/backend-gpujs beside it registers gpu.js, from ESM and from CJS', () => {
    const needed = [
      ...new Set([...workspaceClosure('glia'), ...workspaceClosure('@glia/backend-gpujs')]),
    ];
    const project = createProject(path.join(packed.work, 'umbrella-gpujs'), [
      ...needed.map(tarball),
      ...thirdPartyTarballsFor(needed, packed.thirdParty),
    ]);
    const installed = project.installed();
    for (const name of ['glia', '@glia/backend-gpujs', 'gpu.js']) expect(installed).toContain(name);
    // Without GL, ready() takes the CPU, and gpu.js runs by name.
    const program = `const first = (await glia.ready()).name;
const names = glia.listBackends().map((b) => b.name).join(',');
await glia.setBackend('gpujs');
const probs = glia.softmax(glia.tensor([0, Math.log(3)])).arraySync().map((p) => p.toFixed(4));
console.log(names, first, glia.getBackendName(), probs.join(','));`;
    const esm = project.run('backends.mjs', `import * as glia from 'glia';\n${program}`);
    expect(esm).toBe('cpu,gpujs cpu gpujs 0.2500,0.7500');
    const cjs = project.run(
      'backends.cjs',
      `const glia = require('glia');\n(async () => {\n${program}\n})();`,
    );
    expect(cjs).toBe(esm);
    const size = installSize(project.dir);
    console.info(
      `installed glia + @glia/backend-gpujs: ${size.packages} packages, ${(size.bytes / 1e6).toFixed(1)} MB`,
    );
  });
});

/**
 * Errors in published declaration files, as `package TScode 'name'`; empty when the declarations
 * are clean. A known bug goes here with its diagnosis until it is fixed: the test compares the exact
 * set, so the list cannot go stale. (tsup's declaration bundler once turned types re-exported from
 * @glia/core through a namespace into values, TS2693; datasets and layers now declare local aliases.)
 */
const KNOWN_DECLARATION_ERRORS: string[] = [];

/** tsc's errors as `package TScode 'name'` (or the whole line outside node_modules), deduplicated. */
function typeErrorsByPackage(output: string): string[] {
  const errors = new Set<string>();
  for (const line of output.split('\n')) {
    if (!line.includes('error TS')) continue;
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/.*error (TS\d+): '([^']+)'/.exec(line);
    errors.add(m ? `${m[1]} ${m[2]} '${m[3]}'` : line.trim());
  }
  return [...errors].sort();
}

/** Exported names, minus what the module systems add themselves. */
const exportList = (expr: string) =>
  `Object.keys(${expr}).filter((k) => k !== 'default' && k !== '__esModule').sort()`;

describe('a third-party backend plugin', () => {
  it('glia-backend-plain installs beside @glia/core alone and runs ops from ESM and CJS', () => {
    const project = createProject(path.join(packed.work, 'plugin'), [
      tarball('@glia/core'),
      packed.plugin,
    ]);
    expect(project.installed()).toEqual(['@glia/core', 'glia-backend-plain']);
    const program = (load: string) => `${load}
  await core.setBackend('plain');
  const p = core.softmax(core.tensor([0, Math.log(3)])).dataSync();
  console.log(core.getBackend().name, Array.from(p, (v) => v.toFixed(4)).join(','), JSON.stringify(core.getFallbackCounts()));`;
    const esm = project.run(
      'plugin.mjs',
      program("import * as core from '@glia/core';\nimport 'glia-backend-plain';"),
    );
    const cjs = project.run(
      'plugin.cjs',
      `const core = require('@glia/core');\nrequire('glia-backend-plain');\n(async () => {${program('')}\n})();`,
    );
    // softmax is a composite kernel: core composed it from the plugin's primitives, with no CPU
    // backend installed to fall back to.
    expect(esm).toBe('plain 0.2500,0.7500 {}');
    expect(cjs).toBe(esm);
  });
});

describe('every published package', () => {
  it('imports as ESM and as CJS with the same exports, and its types resolve under node16', () => {
    const names = Object.keys(packed.glia);
    const dual = names.filter((n) => shipsCommonJs(manifestOf(n))); // the rest are ESM only
    expect(names.filter((n) => !dual.includes(n))).toEqual(['@glia/backend-conformance']);
    expect(packed.missing, 'third-party dependencies not installed here').toEqual([]);
    const project = createProject(
      path.join(packed.work, 'everything'),
      [...names.map(tarball), ...packed.thirdParty],
      { legacyPeerDeps: true }, // the conformance kit's peer vitest is linked below, not fetched
    );
    // The kit imports vitest (a peer dependency a backend's test setup provides): link the
    // workspace's copy rather than download one.
    symlinkSync(
      path.join(repoRoot, 'tests', 'packaging', 'node_modules', 'vitest'),
      path.join(project.dir, 'node_modules', 'vitest'),
      'dir',
    );
    const esm = JSON.parse(
      project.run(
        'exports.mjs',
        `const out = {};
for (const name of ${JSON.stringify(names)}) out[name] = ${exportList('await import(name)')};
console.log(JSON.stringify(out));`,
      ),
    ) as Record<string, string[]>;
    const cjs = JSON.parse(
      project.run(
        'exports.cjs',
        `const out = {};
for (const name of ${JSON.stringify(dual)}) out[name] = ${exportList('require(name)')};
console.log(JSON.stringify(out));`,
      ),
    ) as Record<string, string[]>;
    for (const name of names) expect(esm[name]!.length, `${name} exports`).toBeGreaterThan(0);
    for (const name of dual) expect(cjs[name], `${name}: CJS exports`).toEqual(esm[name]);

    // Types: every package from an ES module and from a CommonJS module, under node16 resolution,
    // with the published .d.ts/.d.cts type-checked (skipLibCheck off).
    writeFileSync(
      path.join(project.dir, 'types.mts'),
      names
        .map((n, i) => `import * as m${i} from '${n}';\nexport const n${i} = Object.keys(m${i});`)
        .join('\n') +
        `\nimport { tensor, type Tensor } from '@glia/core';\nexport const t: Tensor = tensor([1, 2]);\n`,
    );
    writeFileSync(
      path.join(project.dir, 'types.cts'),
      dual
        .map((n, i) => `import m${i} = require('${n}');\nexport const n${i} = Object.keys(m${i});`)
        .join('\n') +
        `\nimport core = require('@glia/core');\nexport const t: core.Tensor = core.tensor([1, 2]);\n`,
    );
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16'];
    args.push('--target', 'es2022', '--skipLibCheck', 'false', '--types', 'node');
    args.push('--typeRoots', path.join(repoRoot, 'node_modules', '@types'));
    let output = '';
    try {
      execFileSync('node', [tsc, ...args, 'types.mts', 'types.cts'], {
        cwd: project.dir,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      output = (e as { stdout?: string }).stdout ?? String(e);
    }
    expect(typeErrorsByPackage(output), `tsc output:\n${output}`).toEqual(
      [...KNOWN_DECLARATION_ERRORS].sort(),
    );

    // A default strict project: target ES2022 with its default libs, no @types/node and no DOM. The
    // published types must not need lib types the user did not ask for. The gpu.js backend's types
    // include gpu.js's own, which name DOM types (canvas, WebGL), so it is checked with the DOM lib.
    const strictCheck = (file: string, modules: string[], lib: string[]): string => {
      writeFileSync(
        path.join(project.dir, file),
        modules
          .map((n, i) => `import * as m${i} from '${n}';\nexport const n${i} = Object.keys(m${i});`)
          .join('\n'),
      );
      const config = `tsconfig.${file}.json`;
      writeFileSync(
        path.join(project.dir, config),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: 'ES2022',
            lib,
            module: 'node16',
            moduleResolution: 'node16',
            types: [],
            skipLibCheck: false,
            noEmit: true,
          },
          files: [file],
        }),
      );
      try {
        execFileSync('node', [tsc, '-p', config], {
          cwd: project.dir,
          encoding: 'utf8',
          stdio: 'pipe',
        });
        return '';
      } catch (e) {
        return (e as { stdout?: string }).stdout ?? String(e);
      }
    };
    const withoutDom = strictCheck(
      'strict.mts',
      names.filter((n) => n !== '@glia/backend-gpujs'),
      ['ES2022'],
    );
    expect(typeErrorsByPackage(withoutDom), `tsc output:\n${withoutDom}`).toEqual([]);
    const gpujs = strictCheck('strict-gpujs.mts', ['@glia/backend-gpujs'], ['ES2022', 'DOM']);
    expect(typeErrorsByPackage(gpujs), `tsc output:\n${gpujs}`).toEqual([]);
  });
});
