// The committed src/wasm/kernels-wasm.ts must be what scripts/build-wasm.mjs makes of kernels.wat today,
// so nobody edits the .wat and ships stale bytes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the committed kernels-wasm.ts is a fresh compilation of kernels.wat', () => {
  const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
  const run = () => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  expect(run).not.toThrow();
});
