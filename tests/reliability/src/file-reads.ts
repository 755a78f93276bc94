/**
 * Records the paths the process reads through `node:fs/promises`, so a case can check that loading
 * a model reads nothing outside its folder. The CommonJS module object is wrapped and the ES module
 * exports synced to it (`syncBuiltinESMExports`), so `await import('node:fs/promises')` inside the
 * packages sees the wrappers.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';

const reads: string[] = [];
let installed = false;

/** The paths read since the list was last cleared (clear it by setting its length to 0). */
export function filesRead(): string[] {
  if (!installed) install();
  return reads;
}

function install(): void {
  installed = true;
  const require = createRequire(import.meta.url);
  const fsp = require('node:fs/promises') as Record<string, unknown>;
  for (const name of ['readFile', 'open', 'stat', 'lstat', 'realpath', 'readdir']) {
    const original = fsp[name] as (...args: unknown[]) => unknown;
    fsp[name] = function recorded(this: unknown, ...args: unknown[]): unknown {
      if (typeof args[0] === 'string') reads.push(resolve(args[0]));
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}
