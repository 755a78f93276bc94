// The committed src/wasm/gemm-wasm.ts must be what scripts/build-wasm.mjs makes of gemm.wat today,
// so nobody edits the .wat and ships stale bytes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('the committed gemm-wasm.ts is a fresh compilation of gemm.wat', () => {
  const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
  const run = () => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
  expect(run).not.toThrow();
});
