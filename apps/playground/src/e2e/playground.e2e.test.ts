// The playground in headless Chromium (Debian's chromium, driven by playwright-core). On the
// production build: the page loads on the best backend, trains some batches while the chart and
// progress bar move and the page keeps drawing frames, and a digit drawn with the mouse gets
// probabilities and heatmaps. On the dev server: the page starts. Screenshots go to
// apps/playground/test-output/e2e/ (gitignored). Without Chromium the suite skips with a message,
// or fails when CI=true.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM_ARGS, chromiumForSuite } from '@glia/backend-conformance-browser';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, type ServedPlayground, servePlayground } from './serve';

const screenshots = path.join(APP_ROOT, 'test-output', 'e2e');
const executablePath = chromiumForSuite('playground end-to-end test');

/** A short run: some batches of a small subset, so the test stays well under a minute of training. */
const RUN = { train: 2000, test: 500, epochs: 1, batch: 32, batches: 40 };

describe.skipIf(executablePath === undefined)('the playground, built, in headless Chromium', () => {
  let server: ServedPlayground;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    server = await servePlayground('build');
    browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    const query = new URLSearchParams(Object.entries(RUN).map(([k, v]) => [k, String(v)]));
    await page.goto(`${server.url}?${query}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts on the best backend and lists every registered one', async () => {
    await page.waitForFunction(() => document.body.dataset.state !== 'starting');
    expect(await page.getAttribute('body', 'data-state')).toBe('idle');
    const options = await page.$$eval('#backend option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(options[0]).toBe('auto');
    expect(options).toContain('cpu');
    expect(await page.getAttribute('body', 'data-backend')).toBe('cpu');
    expect(await page.textContent('#backend-info')).toMatch(/^running on cpu: /);
    // the server's COOP/COEP headers isolate the page, so it has SharedArrayBuffer
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.screenshot({ path: path.join(screenshots, '1-loaded.png'), fullPage: true });
  });

  it('trains without freezing the page: the chart and progress bar move during training', async () => {
    // Record the longest gap between animation frames in each page state: a page frozen while
    // training would show one gap as long as the whole run.
    await page.evaluate(() => {
      const gaps: Record<string, number> = {};
      (window as unknown as { frameGaps: Record<string, number> }).frameGaps = gaps;
      let last = performance.now();
      const tick = (now: number) => {
        const state = document.body.dataset.state ?? '';
        gaps[state] = Math.max(gaps[state] ?? 0, now - last);
        last = now;
        if (state !== 'trained') requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    await page.click('#train-button');
    await page.waitForFunction(
      () =>
        document.body.dataset.state === 'training' &&
        Number(document.getElementById('chart')!.dataset.points) >= 10,
      undefined,
      { timeout: 300_000 },
    );
    const midway = await page.evaluate(() => ({
      points: Number(document.getElementById('chart')!.dataset.points),
      progress: (document.getElementById('progress') as HTMLProgressElement).value,
    }));
    expect(midway.points).toBeGreaterThanOrEqual(10);
    expect(midway.points).toBeLessThan(RUN.batches);
    expect(midway.progress).toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: path.join(screenshots, '2-training.png'), fullPage: true });

    await page.waitForFunction(() => document.body.dataset.state !== 'training', undefined, {
      timeout: 300_000,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(await page.textContent('#status')).toMatch(/^trained 40 batches in /);
    expect(await page.getAttribute('body', 'data-state')).toBe('trained');
    const done = await page.evaluate(() => ({
      points: Number(document.getElementById('chart')!.dataset.points),
      progress: (document.getElementById('progress') as HTMLProgressElement).value,
      polylines: Array.from(
        document.querySelectorAll('#chart polyline'),
        (p) => (p.getAttribute('points') ?? '').split(' ').filter(Boolean).length,
      ),
      accuracy: Number(document.body.dataset.testAccuracy),
      frameGaps: (window as unknown as { frameGaps: Record<string, number> }).frameGaps,
    }));
    expect(done.points).toBe(RUN.batches);
    expect(done.progress).toBe(RUN.batches);
    expect(done.polylines).toEqual([RUN.batches, RUN.batches]);
    // 40 batches of 32 take a small CNN from chance (10%) to well above it
    expect(done.accuracy).toBeGreaterThan(0.5);
    expect(done.frameGaps.training).toBeLessThan((seconds * 1000) / 4);
    console.info(
      `playground e2e: ${RUN.batches} batches, ${seconds.toFixed(1)} s from the click to the test accuracy ${done.accuracy}; longest frame gap: ${Object.entries(
        done.frameGaps,
      )
        .map(([state, ms]) => `${state} ${ms.toFixed(0)} ms`)
        .join(', ')}`,
    );
  });

  it('predicts a digit drawn on the canvas and shows its heatmaps', async () => {
    const pad = (await page.locator('#pad').boundingBox())!;
    // a "1": one vertical stroke
    await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) {
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * (0.15 + (0.7 * i) / 12));
    }
    await page.mouse.up();
    await page.waitForFunction(() => document.getElementById('heatmap')!.dataset.method);

    const prediction = await page.evaluate(() => ({
      predicted: document.getElementById('prediction')!.dataset.predicted,
      probabilities: Array.from(document.querySelectorAll('#probabilities .bar-row'), (r) =>
        Number((r as HTMLElement).dataset.probability),
      ),
    }));
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(prediction.predicted).toBe('1');
    expect(prediction.probabilities.indexOf(Math.max(...prediction.probabilities))).toBe(1);

    const heatmap = async () =>
      page.evaluate(() => {
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
    const saliency = await heatmap();
    expect(saliency).toMatchObject({ method: 'saliency', target: '1', size: [224, 224] });
    expect(saliency.colours).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(screenshots, '3-saliency.png'), fullPage: true });

    await page.selectOption('#heatmap-method', 'integrated-gradients');
    await page.waitForFunction(
      () => document.getElementById('heatmap')!.dataset.method === 'integrated-gradients',
    );
    const integrated = await heatmap();
    expect(integrated).toMatchObject({ target: '1', size: [224, 224] });
    expect(integrated.colours).toBeGreaterThan(20);
    await page.screenshot({
      path: path.join(screenshots, '4-integrated-gradients.png'),
      fullPage: true,
    });
  });

  it('logged no page errors', () => {
    expect(problems).toEqual([]);
  });
});

describe.skipIf(executablePath === undefined)('the playground on the dev server', () => {
  it('starts, with MNIST and the backends in place', async () => {
    const server = await servePlayground('dev');
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${server.url}?train=100&test=100&batches=2`);
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
