import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as glia from 'glia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXPLAIN_METHODS,
  type ExplainResult,
  explainDigits,
  formatExplanations,
  HEATMAP_SCALE,
} from './explain';
import { buildMnistCnn } from './train';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The width and height from a PNG's IHDR chunk, which must come first. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getUint32(8)).toBe(13);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('explain', () => {
  let dir: string;
  let modelPath: string;
  let result: ExplainResult;
  let tensorsBefore: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mnist-cnn-explain-'));
    // A CNN trained for one short epoch: enough for confident, digit-shaped predictions.
    await glia.ready();
    glia.setSeed(7);
    const data = await glia.loadMnist({ limit: { train: 512, test: 1 } });
    const model = buildMnistCnn();
    await model.fit(data.train.images, data.train.labels, { epochs: 1, batchSize: 32, verbose: 0 });
    await model.save(`file://${path.join(dir, 'model')}`);
    model.dispose();
    glia.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
    modelPath = path.join(dir, 'model', 'model.json');

    tensorsBefore = glia.memory().numTensors;
    result = await explainDigits({ model: modelPath, count: 3, out: path.join(dir, 'heatmaps') });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes one valid PNG per digit and method, 28 x 28 pixels drawn 8 x 8', async () => {
    expect(result.digits.map((d) => d.index)).toEqual([0, 1, 2]);
    // The first three MNIST test digits.
    expect(result.digits.map((d) => d.label)).toEqual([7, 2, 1]);
    for (const digit of result.digits) {
      for (const method of EXPLAIN_METHODS) {
        const file = digit.files[method];
        expect(path.dirname(file)).toBe(path.join(dir, 'heatmaps'));
        const size = pngSize(new Uint8Array(await readFile(file)));
        expect(size).toEqual({ width: 28 * HEATMAP_SCALE, height: 28 * HEATMAP_SCALE });
      }
      expect(digit.predicted).toBeGreaterThanOrEqual(0);
      expect(digit.predicted).toBeLessThan(10);
    }
    expect(formatExplanations(result)).toContain('test digit 0 (label 7): predicted ');
    expect(glia.memory().numTensors).toBe(tensorsBefore);
  });

  it("integrated gradients' attributions sum to f(x) - f(black) within 1%", async () => {
    const digit = result.digits.reduce((a, b) =>
      Math.abs(b.scoreGap) > Math.abs(a.scoreGap) ? b : a,
    );
    // f(x) and f(baseline) from the saved model, independently of explain.
    const model = glia.singleOutput(await glia.loadModel(`file://${modelPath}`));
    const data = await glia.loadMnist({ limit: { train: 1, test: digit.index + 1 } });
    const scores = glia.tidy(() => {
      const x = glia.slice(data.test.images, [digit.index, 0, 0, 0], [1, 28, 28, 1]);
      return glia.concat([model.predict(x), model.predict(glia.zerosLike(x))], 0);
    });
    const [atDigit, atBlack] = (await scores.array()) as number[][];
    glia.dispose([
      scores,
      data.train.images,
      data.train.labels,
      data.test.images,
      data.test.labels,
    ]);
    model.dispose();

    const gap = atDigit![digit.predicted]! - atBlack![digit.predicted]!;
    expect(digit.scoreGap).toBeCloseTo(gap, 5);
    expect(Math.abs(gap)).toBeGreaterThan(0.1);
    expect(Math.abs(digit.integratedGradientsSum - gap)).toBeLessThan(0.01 * Math.abs(gap));
  });
});
