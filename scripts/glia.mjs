#!/usr/bin/env node
// The fresh-clone entry point behind `npm start` and `npm test`. It needs nothing but Node.js and
// npm: it finds (or fetches into .tools/) the exact pnpm this repo pins, installs the workspace,
// then hands over to turbo. No dependencies, so it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  .packageManager.split('@')
  .pop();
const isWindows = process.platform === 'win32';

// Nothing below may stop to ask a question: this also runs unattended in CI.
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  DO_NOT_TRACK: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: isWindows,
    ...options,
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function runOrExit(command, args) {
  const status = run(command, args);
  if (status !== 0) process.exit(status);
}

function versionOf(command, args = []) {
  const result = spawnSync(command, [...args, '--version'], {
    cwd: root,
    env,
    encoding: 'utf8',
    shell: isWindows,
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Returns [command, leading args] for a pnpm of exactly the pinned version. */
function findPnpm() {
  if (versionOf('pnpm') === pinned) return ['pnpm', []];
  const toolsDir = path.join(root, '.tools');
  const localBin = path.join(toolsDir, 'node_modules', '.bin', isWindows ? 'pnpm.cmd' : 'pnpm');
  // If npm skipped pnpm's install script, its JavaScript entry still runs under Node.
  const localEntry = path.join(toolsDir, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');
  const local = () => {
    if (existsSync(localBin) && versionOf(localBin) === pinned) return [localBin, []];
    if (existsSync(localEntry) && versionOf(process.execPath, [localEntry]) === pinned) {
      return [process.execPath, [localEntry]];
    }
    return undefined;
  };
  const found = local();
  if (found) return found;
  console.log(`glia: pnpm ${pinned} is not on PATH; installing it into .tools/ (once)`);
  const npm = isWindows ? 'npm.cmd' : 'npm';
  runOrExit(npm, [
    'install',
    '--no-save',
    '--no-package-lock',
    // npm's own notices (pnpm's install scripts) are not the user's business; errors still print.
    '--loglevel=error',
    '--prefix',
    toolsDir,
    `pnpm@${pinned}`,
  ]);
  const installed = local();
  if (!installed) {
    console.error(`glia: could not run pnpm ${pinned} from ${toolsDir}`);
    process.exit(1);
  }
  return installed;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : undefined;
}

/** Skips the install when node_modules is newer than every file that decides it. */
function installIsFresh() {
  const installed = mtime(path.join(root, 'node_modules', '.modules.yaml'));
  if (installed === undefined) return false;
  return ['pnpm-lock.yaml', 'pnpm-workspace.yaml', 'package.json'].every(
    (file) => (mtime(path.join(root, file)) ?? 0) < installed,
  );
}

/**
 * In CI (CI=true) on a Debian machine where we are root, installs the system packages listed in
 * .ci/apt-packages.txt (Xvfb and headless-gl's build headers, Chromium) that are missing, so the
 * headless-gl and browser suites run there. Elsewhere those suites say what they need and skip.
 */
function installCiSystemPackages() {
  if (process.env.CI !== 'true' || process.platform !== 'linux') return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const listFile = path.join(root, '.ci', 'apt-packages.txt');
  if (!existsSync(listFile) || versionOf('apt-get') === undefined) return;
  const wanted = readFileSync(listFile, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
  const missing = wanted.filter(
    (name) => spawnSync('dpkg', ['-s', name], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return;
  console.log(`glia: CI: apt-get install ${missing.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env: aptEnv }) !== 0) return;
  const status = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env: aptEnv,
  });
  if (status !== 0)
    console.warn('glia: CI: apt-get install failed; the GL and browser suites will skip');
}

const commands = {
  start: (pnpm) => {
    runOrExit(pnpm[0], [
      ...pnpm[1],
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@glia/app-mnist-cnn...',
      '--output-logs=errors-only',
    ]);
    // `npm start -- --limit 2000` hands `--limit 2000` to the app.
    return run(process.execPath, [
      path.join('apps', 'mnist-cnn', 'dist', 'main.js'),
      ...process.argv.slice(3),
    ]);
  },
  test: (pnpm) =>
    run(pnpm[0], [
      ...pnpm[1],
      'exec',
      'turbo',
      'run',
      'build',
      'typecheck',
      'lint',
      'test',
      '--concurrency=3',
      // Run every task even after one fails, so one CI run shows every failure.
      '--continue',
    ]),
};

/**
 * Installable tarballs of every published package, in tarballs/ at the root: the way to install Glia
 * into another project before it is on the npm registry. pnpm pack turns the `workspace:*` ranges
 * into the packages' versions (npm pack would leave them, and npm cannot install those).
 */
commands.pack = (pnpm) => {
  const status = run(pnpm[0], [
    ...pnpm[1],
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=./packages/*',
    '--output-logs=errors-only',
  ]);
  if (status !== 0) return status;
  const destination = path.join(root, 'tarballs');
  mkdirSync(destination, { recursive: true });
  const packagesDir = path.join(root, 'packages');
  for (const name of readdirSync(packagesDir).sort()) {
    const dir = path.join(packagesDir, name);
    const manifestFile = path.join(dir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    if (JSON.parse(readFileSync(manifestFile, 'utf8')).private === true) continue;
    const packed = run(pnpm[0], [...pnpm[1], 'pack', '--pack-destination', destination], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (packed !== 0) return packed;
  }
  console.log(`glia: tarballs of every published package are in ${destination}`);
  return 0;
};

const task = process.argv[2];
if (!(task in commands)) {
  console.error(`usage: node scripts/glia.mjs <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
const pnpm = findPnpm();
// turbo runs each package's scripts through the `pnpm` it finds on PATH, so a local one goes first.
if (pnpm[0] !== 'pnpm') {
  let binDir = path.dirname(pnpm[0]);
  if (pnpm[1].length > 0) {
    binDir = path.join(root, '.tools', 'bin');
    mkdirSync(binDir, { recursive: true });
    const shim = path.join(binDir, 'pnpm');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${pnpm[1][0]}" "$@"\n`);
    chmodSync(shim, 0o755);
  }
  const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
  env[key] = [binDir, env[key]].filter(Boolean).join(path.delimiter);
}
if (task === 'test') installCiSystemPackages();
if (!installIsFresh()) {
  const install = [...pnpm[1], 'install', '--frozen-lockfile'];
  if (task === 'test') runOrExit(pnpm[0], install);
  else {
    // `npm start` shows the app's output, not the installer's: it speaks only if the install fails.
    console.log(`glia: installing the workspace with pnpm ${pinned} (once)`);
    const result = spawnSync(pnpm[0], install, {
      cwd: root,
      env,
      encoding: 'utf8',
      shell: isWindows,
    });
    if (result.status !== 0) {
      process.stdout.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      process.exit(result.status ?? 1);
    }
  }
}
process.exit(commands[task](pnpm));
