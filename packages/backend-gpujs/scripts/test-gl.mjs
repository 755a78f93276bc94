#!/usr/bin/env node
// The GL half of this package's tests: the conformance suite and the backend tests again, with
// gpu.js on headless-gl (GLSL on Mesa's software GL) under a virtual X server.
//
// headless-gl (`gl`) is an optional native dependency whose install build the workspace denies, so
// a plain install stays fast. This script builds it when needed (npm_config_nodedir=/usr, about
// three minutes, needs Debian's libxi-dev libxext-dev libx11-dev pkg-config), then runs vitest under
// `xvfb-run -a` with GPUJS_EXPECT_MODE=headlessgl, so a suite that silently ran on WebAssembly fails.
//
// With CI=true anything missing (Xvfb, the headers, a gl that will not build or load) is a failure.
// Elsewhere the script builds gl only when asked (GPUJS_BUILD_GL=1) and otherwise skips, saying
// what is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ci = process.env.CI === 'true';
const require = createRequire(path.join(packageDir, 'package.json'));

function give(reason) {
  if (ci) {
    console.error(`backend-gpujs test:gl: FAILED (CI=true): ${reason}`);
    process.exit(1);
  }
  console.log(`backend-gpujs test:gl: skipped: ${reason} (CI=true makes this a failure)`);
  process.exit(0);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** gl's folder, found the way gpu.js finds it (gl is gpu.js's optional dependency). */
function glDir() {
  try {
    const gpujs = path.dirname(require.resolve('gpu.js/package.json'));
    return path.dirname(require.resolve('gl/package.json', { paths: [gpujs] }));
  } catch {
    return undefined;
  }
}

/** Whether gl's native module is built (loading it needs no display). */
function glBuilt(dir) {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(dir)})`], {
    stdio: 'ignore',
  });
  return probe.status === 0;
}

if (!has('xvfb-run')) give('xvfb-run is not installed (Debian package xvfb)');
const dir = glDir();
if (dir === undefined) give("gpu.js's optional dependency gl is not installed");

if (!glBuilt(dir)) {
  if (!ci && process.env.GPUJS_BUILD_GL !== '1') {
    give('headless-gl is not built; GPUJS_BUILD_GL=1 builds it (about 3 minutes)');
  }
  if (!has('pkg-config')) give('pkg-config is missing (with libxi-dev libxext-dev libx11-dev)');
  console.log(`backend-gpujs test:gl: building headless-gl in ${dir} (about 3 minutes)`);
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [dir] });
  const env = { ...process.env, npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };
  // gl's bundled ANGLE runs `python` from its gyp files; Debian has only python3 unless
  // python-is-python3 is installed, so a `python` that is python3 goes first on PATH for the build.
  if (!has('python')) {
    if (!has('python3')) give('python3 is missing (node-gyp needs it to build headless-gl)');
    const shimDir = mkdtempSync(path.join(tmpdir(), 'glia-python-'));
    const python3 = spawnSync('sh', ['-c', 'command -v python3'], {
      encoding: 'utf8',
    }).stdout.trim();
    symlinkSync(python3, path.join(shimDir, 'python'));
    const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
    env[key] = [shimDir, env[key]].filter(Boolean).join(path.delimiter);
  }
  const started = Date.now();
  const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', '-j', 'max'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  if (build.status !== 0 || !glBuilt(dir)) give('building headless-gl failed (see the log above)');
  console.log(`backend-gpujs test:gl: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

const vitest = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(
  'xvfb-run',
  [
    '-a',
    process.execPath,
    vitest,
    'run',
    // one file at a time: one GL context on the display at a time (parallel workers sometimes fail
    // to get one, and gpu.js then silently picks WebAssembly)
    '--no-file-parallelism',
    'src/conformance.test.ts',
    'src/gpujs-backend.test.ts',
    'src/host-resident.test.ts',
    'src/expected-mode.test.ts',
    'src/seed-cnn.test.ts',
  ],
  {
    cwd: packageDir,
    stdio: 'inherit',
    // the seed CNN on GL checks fallbacks and texture lifetimes; Mesa's software GL is slow, so
    // it trains on a small subset here
    env: {
      GPUJS_CNN_LIMIT: '96',
      GPUJS_CNN_EPOCHS: '1',
      ...process.env,
      GPUJS_EXPECT_MODE: 'headlessgl',
    },
  },
);
process.exit(run.status ?? 1);
