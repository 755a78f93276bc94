// What the docs tests share: writing code blocks out as modules, one strict tsc run over them, and
// recording what a program prints.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import { repoRoot } from './code-blocks';

/** The docs tests' package folder (tests/docs). */
export const docsTestsDir = path.join(repoRoot, 'tests', 'docs');

/** Empties (or creates) a folder of tests/docs where generated modules are written. */
export function freshDir(name: string): string {
  const dir = path.join(docsTestsDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs the repository's tsc on a tsconfig of tests/docs; throws with tsc's report when it finds errors. */
export function typecheckProject(tsconfig: string, what: string): void {
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync('node', [tsc, '-p', path.join(docsTestsDir, tsconfig)], {
      cwd: docsTestsDir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    throw new Error(`tsc found errors in ${what}:\n${(e as { stdout?: string }).stdout}`);
  }
}

/**
 * Replaces console.log with a recorder until vi.restoreAllMocks(); returns the list that receives the
 * arguments of each call.
 */
export function recordConsoleLog(): unknown[][] {
  const calls: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    calls.push(args);
  });
  return calls;
}
