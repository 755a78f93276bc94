// The backend in a real browser: headless Chromium loads the package (bundled from src by Vite) on
// a cross-origin-isolated page, where SharedArrayBuffer exists and the GEMM and elementwise kernels
// split across Web Workers, and on a plain page, where it runs one thread on a private memory. Both
// must multiply and apply relu correctly. Without Chromium the suite skips (fails when CI=true).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function findChromium(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not this one
    }
  }
  return null;
}

const chromium = findChromium();
if (chromium === null && process.env.CI === 'true')
  throw new Error('browser.test: Chromium is missing (CI installs it from .ci/apt-packages.txt)');
if (chromium === null)
  console.warn('browser.test: skipped: no chromium, chromium-browser or google-chrome on PATH');

/** The page: builds a backend, multiplies, applies relu, and reports to /result. */
const PAGE = `<!doctype html><html><body><script type="module">
import { CpuBackend } from '/backend.js';
const report = (r) => fetch('/result', { method: 'POST', body: JSON.stringify(r) });
try {
  const be = new CpuBackend({ threads: 2 });
  const ready = await be.threadsReady(20000);
  const [m, k, n] = [150, 200, 300];
  const wave = (i) => Math.sin(i * 1.7);
  const a = Float32Array.from({ length: m * k }, (_, i) => wave(i));
  const b = Float32Array.from({ length: k * n }, (_, i) => wave(i + 9));
  const info = (v, shape) => ({ dataId: be.write(v, shape, 'float32'), shape, dtype: 'float32' });
  const c = be.readSync(be.kernels.batchMatMul({ a: info(a, [1, m, k]), b: info(b, [1, k, n]) }, { transposeA: false, transposeB: false }).dataId);
  let err = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
    err = Math.max(err, Math.abs(s - c[i * n + j]));
  }
  const size = 200000;
  const x = Float32Array.from({ length: size }, (_, i) => wave(i));
  const r = be.readSync(be.kernels.relu({ x: info(x, [size]) }, {}).dataId);
  let reluErrors = 0;
  for (let i = 0; i < size; i++) if (r[i] !== Math.max(x[i], 0)) reluErrors++;
  report({ describe: be.describe(), isolated: self.crossOriginIsolated, ready, err, reluErrors });
} catch (e) {
  report({ error: String((e && e.stack) || e) });
}
</script></body></html>`;

interface PageResult {
  describe?: string;
  isolated?: boolean;
  ready?: number;
  err?: number;
  reluErrors?: number;
  error?: string;
}

describe.skipIf(chromium === null)('in headless Chromium', () => {
  let bundle = '';
  let server: Server;
  let isolate = true;
  let resolveResult: (r: PageResult) => void = () => {};
  const profile = mkdtempSync(join(tmpdir(), 'glia-cpu-browser-'));

  beforeAll(async () => {
    const { build } = await import('vite');
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'backend' } },
    })) as
      | { output: { type: string; code?: string }[] }[]
      | { output: { type: string; code?: string }[] };
    const results = Array.isArray(output) ? output : [output];
    bundle = results[0]!.output.find((o) => o.type === 'chunk')!.code!;
    server = createServer((req, res) => {
      if (req.url === '/result') {
        let body = '';
        req.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        req.on('end', () => {
          res.end('ok');
          resolveResult(JSON.parse(body) as PageResult);
        });
        return;
      }
      const headers: Record<string, string> = {
        'content-type': req.url === '/backend.js' ? 'text/javascript' : 'text/html',
      };
      if (isolate) {
        headers['cross-origin-opener-policy'] = 'same-origin';
        headers['cross-origin-embedder-policy'] = 'require-corp';
      }
      res.writeHead(200, headers);
      res.end(req.url === '/backend.js' ? bundle : PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(() => {
    server?.close();
    // Chromium's helper processes may still be writing the profile as it closes (ENOTEMPTY in CI,
    // even after 10 retries on a loaded machine). A profile left in the temp folder is harmless,
    // so removing it is not part of what this test checks.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      // left for the system's temp cleanup
    }
  });

  async function load(isolated: boolean): Promise<PageResult> {
    isolate = isolated;
    const result = new Promise<PageResult>((resolve) => {
      resolveResult = resolve;
    });
    const { port } = server.address() as AddressInfo;
    const browser: ChildProcess = spawn(
      chromium!,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        `--user-data-dir=${join(profile, isolated ? 'isolated' : 'plain')}`,
        `http://127.0.0.1:${port}/`,
      ],
      { stdio: 'ignore' },
    );
    try {
      return await result;
    } finally {
      browser.kill();
    }
  }

  it('splits work across Web Workers on a cross-origin-isolated page', async () => {
    const r = await load(true);
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(true);
    expect(r.ready).toBe(2);
    expect(r.describe).toMatch(/^cpu \(wasm simd( \+ relaxed fma)?, 2 threads\)$/);
    expect(r.err).toBeLessThan(1e-6 * 200);
    expect(r.reluErrors).toBe(0);
  });

  it('runs one thread on a private memory without SharedArrayBuffer', async () => {
    const r = await load(false);
    expect(r.error).toBeUndefined();
    expect(r.isolated).toBe(false);
    expect(r.describe).toMatch(
      /^cpu \(wasm simd( \+ relaxed fma)?, 1 thread, no SharedArrayBuffer\)$/,
    );
    expect(r.err).toBeLessThan(1e-6 * 200);
    expect(r.reluErrors).toBe(0);
  });
});
