// The playground in headless Chromium (Debian's chromium, driven by playwright-core), on the
// production build, three times: on gpu.js's webgpu mode, on the gpu.js backend on WebGL2 (both on
// SwiftShader on a machine without a GPU), and with `auto`, the registry's highest-priority backend (the CPU on SwiftShader, where
// gpu.js ranks itself below it). Each run loads the page, trains some
// batches (in the page's worker) while the chart and progress bar move and the page's thread stays
// free, and draws a digit with the mouse, which gets probabilities and two heatmaps. On the dev server the page
// trains two batches. Screenshots go to apps/playground/test-output/e2e/ (gitignored). Without
// Chromium the suite skips with a message, or fails when CI=true.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumForSuite } from '@glia/backend-conformance-browser';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, type ServedPlayground, servePlayground } from './serve';

const screenshots = path.join(APP_ROOT, 'test-output', 'e2e');
const executablePath = chromiumForSuite('playground end-to-end test');

interface E2eRun {
  /** The `backend` URL parameter. */
  choice: string;
  /**
   * The backend it must end up on; for 'auto', the registry's first (highest priority): the CPU on
   * SwiftShader, where the gpu.js backend ranks itself below it, gpu.js on a real GPU.
   */
  backend: string | 'highest priority';
  /** The URL parameters of the training run: some batches of a small subset. */
  run: { train: number; test: number; epochs: number; batch: number; batches: number };
  /** The test accuracy the run must beat (chance is 0.1). */
  minAccuracy: number;
  /** The digit a vertical stroke must be read as, when the run trains long enough to say. */
  strokeDigit?: string;
}

/**
 * The longest the page's thread may be busy while training. A batch on the page's thread took
 * 130 ms (CPU) to 4 s (gpu.js on SwiftShader) here; with the worker the page waits far less, but
 * two cores shared with the worker (and Chromium's other processes) still delay a timer at times.
 */
const MAX_TASK_GAP_MS = 1000;

const RUNS: E2eRun[] = [
  {
    // gpu.js's webgpu mode (SwiftShader's adapter here): reads are asynchronous only
    choice: 'gpujs-webgpu',
    backend: 'gpujs-webgpu',
    run: { train: 1000, test: 100, epochs: 1, batch: 32, batches: 12 },
    minAccuracy: 0.2,
  },
  {
    // gpu.js on SwiftShader takes seconds per batch on two cores: a dozen batches
    choice: 'gpujs',
    backend: 'gpujs',
    run: { train: 1000, test: 100, epochs: 1, batch: 32, batches: 12 },
    minAccuracy: 0.2,
  },
  {
    choice: 'auto',
    backend: 'highest priority',
    run: { train: 2000, test: 500, epochs: 1, batch: 32, batches: 40 },
    minAccuracy: 0.5,
    strokeDigit: '1',
  },
];

/**
 * From now on, the longest wait in each page state between ticks of a 20 ms timer (how long the
 * page's thread was busy: a page frozen by training would wait as long as a batch or the whole
 * run) and between animation frames (which also wait for the GPU process, busy with gpu.js's
 * shaders when WebGL runs on SwiftShader).
 */
async function recordGaps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const gaps = { task: {} as Record<string, number>, frame: {} as Record<string, number> };
    (window as unknown as { gaps: typeof gaps }).gaps = gaps;
    const done = () => ['trained', 'error'].includes(document.body.dataset.state ?? '');
    const note = (kind: 'task' | 'frame', ms: number) => {
      const state = document.body.dataset.state ?? '';
      gaps[kind][state] = Math.max(gaps[kind][state] ?? 0, ms);
    };
    let lastTask = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      note('task', now - lastTask);
      lastTask = now;
      if (done()) clearInterval(timer);
    }, 20);
    let lastFrame = performance.now();
    const frame = (now: number) => {
      note('frame', now - lastFrame);
      lastFrame = now;
      if (!done()) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/** What the heatmap canvas shows. */
function readHeatmap(page: Page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('heatmap') as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let p = 0; p < data.length; p += 4) {
      colours.add((data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!);
    }
    return {
      method: canvas.dataset.method,
      target: canvas.dataset.target,
      size: [canvas.width, canvas.height],
      colours: colours.size,
    };
  });
}

describe.skipIf(executablePath === undefined).each(RUNS)(
  'the playground, built, in headless Chromium, backend=$choice',
  (e2e) => {
    let server: ServedPlayground;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];
    let backend = e2e.backend;
    const shot = (name: string) =>
      page.screenshot({
        path: path.join(screenshots, `${e2e.choice}-${name}.png`),
        fullPage: true,
      });

    beforeAll(async () => {
      await mkdir(screenshots, { recursive: true });
      server = await servePlayground('build');
      browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
      page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
      });
      const query = new URLSearchParams({
        backend: e2e.choice,
        ...Object.fromEntries(Object.entries(e2e.run).map(([k, v]) => [k, String(v)])),
      });
      await page.goto(`${server.url}?${query}`);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it(`starts on ${e2e.backend} and lists every registered backend`, async () => {
      await page.waitForFunction(() => document.body.dataset.state !== 'starting');
      expect(await page.getAttribute('body', 'data-state')).toBe('idle');
      const options = await page.$$eval('#backend option', (os) =>
        os.map((o) => (o as HTMLOptionElement).value),
      );
      // 'auto', then the registry's order, highest priority first
      expect(options[0]).toBe('auto');
      expect([...options.slice(1)].sort()).toEqual(['cpu', 'gpujs', 'gpujs-webgpu']);
      if (backend === 'highest priority') backend = options[1]!;
      expect(await page.getAttribute('body', 'data-backend')).toBe(backend);
      const info = (await page.textContent('#backend-info'))!;
      expect(info.startsWith(`running on ${backend}: `)).toBe(true);
      if (backend === 'gpujs') {
        // SwiftShader's WebGPU adapter is a software one: gpujs stays on WebGL2 and says why
        expect(info.slice(`running on ${backend}: `.length)).toMatch(
          /^gpujs \(webgl2; not webgpu: the WebGPU adapter is a software one \(.*\)\)$/,
        );
      }
      if (backend === 'gpujs-webgpu') {
        expect(info.slice(`running on ${backend}: `.length)).toBe('gpujs (webgpu)');
      }
      // the server's COOP/COEP headers isolate the page, so it has SharedArrayBuffer
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await shot('1-loaded');
    });

    it('trains without freezing the page: the chart and progress bar move during training', async () => {
      const { batches } = e2e.run;
      await recordGaps(page);
      const started = Date.now();
      await page.click('#train-button');
      const midway = Math.ceil(batches / 4);
      await page.waitForFunction(
        (n) =>
          document.body.dataset.state === 'training' &&
          Number(document.getElementById('chart')!.dataset.points) >= n,
        midway,
        { timeout: 600_000 },
      );
      const during = await page.evaluate(() => ({
        points: Number(document.getElementById('chart')!.dataset.points),
        progress: (document.getElementById('progress') as HTMLProgressElement).value,
      }));
      expect(during.points).toBeGreaterThanOrEqual(midway);
      expect(during.points).toBeLessThan(batches);
      expect(during.progress).toBeGreaterThanOrEqual(midway);
      await shot('2-training');

      await page.waitForFunction(() => document.body.dataset.state !== 'training', undefined, {
        timeout: 600_000,
      });
      const seconds = (Date.now() - started) / 1000;
      expect(await page.textContent('#status')).toMatch(
        new RegExp(`^trained ${batches} batches in [0-9.]+ s on ${backend}; test accuracy`),
      );
      const done = await page.evaluate(() => ({
        points: Number(document.getElementById('chart')!.dataset.points),
        progress: (document.getElementById('progress') as HTMLProgressElement).value,
        polylines: Array.from(
          document.querySelectorAll('#chart polyline'),
          (p) => (p.getAttribute('points') ?? '').split(' ').filter(Boolean).length,
        ),
        accuracy: Number(document.body.dataset.testAccuracy),
        gaps: (
          window as unknown as {
            gaps: { task: Record<string, number>; frame: Record<string, number> };
          }
        ).gaps,
      }));
      expect(done.points).toBe(batches);
      expect(done.progress).toBe(batches);
      expect(done.polylines).toEqual([batches, batches]);
      expect(done.accuracy).toBeGreaterThan(e2e.minAccuracy);
      // the page's thread is never busy for a whole batch: Glia runs in a worker
      expect(done.gaps.task.training).toBeLessThan(MAX_TASK_GAP_MS);
      const gaps = (kind: 'task' | 'frame') =>
        Object.entries(done.gaps[kind])
          .map(([state, ms]) => `${state} ${ms.toFixed(0)} ms`)
          .join(', ');
      console.info(
        `playground e2e (backend=${e2e.choice}, on ${backend}): ${batches} batches of ${e2e.run.batch}, ${seconds.toFixed(1)} s from the click to the test accuracy ${done.accuracy} on ${e2e.run.test} images; longest wait of the page's thread: ${gaps('task')}; between frames: ${gaps('frame')}`,
      );
      await shot('3-trained');
    });

    it('predicts a digit drawn on the canvas and shows its heatmaps', async () => {
      const pad = (await page.locator('#pad').boundingBox())!;
      // one vertical stroke: a "1"
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.15);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) {
        await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * (0.15 + (0.7 * i) / 12));
      }
      await page.mouse.up();
      await page.waitForFunction(
        () => document.getElementById('heatmap')!.dataset.method,
        undefined,
        {
          timeout: 300_000,
        },
      );

      const prediction = await page.evaluate(() => ({
        predicted: document.getElementById('prediction')!.dataset.predicted,
        probabilities: Array.from(document.querySelectorAll('#probabilities .bar-row'), (r) =>
          Number((r as HTMLElement).dataset.probability),
        ),
      }));
      expect(prediction.probabilities).toHaveLength(10);
      for (const p of prediction.probabilities) expect(p).toBeGreaterThanOrEqual(0);
      expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      const top = prediction.probabilities.indexOf(Math.max(...prediction.probabilities));
      expect(prediction.predicted).toBe(String(top));
      if (e2e.strokeDigit !== undefined) expect(prediction.predicted).toBe(e2e.strokeDigit);

      const saliency = await readHeatmap(page);
      expect(saliency).toMatchObject({
        method: 'saliency',
        target: prediction.predicted,
        size: [224, 224],
      });
      expect(saliency.colours).toBeGreaterThan(20);
      await shot('4-saliency');

      await page.selectOption('#heatmap-method', 'integrated-gradients');
      await page.waitForFunction(
        () => document.getElementById('heatmap')!.dataset.method === 'integrated-gradients',
        undefined,
        { timeout: 300_000 },
      );
      const integrated = await readHeatmap(page);
      expect(integrated).toMatchObject({ target: prediction.predicted, size: [224, 224] });
      expect(integrated.colours).toBeGreaterThan(20);
      await shot('5-integrated-gradients');
    });

    it('logged no page errors', () => {
      expect(problems).toEqual([]);
    });
  },
);

describe.skipIf(executablePath === undefined)('the playground on the dev server', () => {
  it('starts and trains two batches on the CPU backend', async () => {
    const server = await servePlayground('dev');
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}?backend=cpu&train=100&test=100&batches=2`);
      await page.waitForFunction(() => document.body.dataset.state === 'idle');
      await page.click('#train-button');
      await page.waitForFunction(() => document.body.dataset.state === 'trained', undefined, {
        timeout: 300_000,
      });
      expect(await page.textContent('#status')).toMatch(/^trained 2 batches in /);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
