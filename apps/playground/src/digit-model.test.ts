import * as glia from 'glia';
import { beforeAll, describe, expect, it } from 'vitest';
import { classProbabilities, digitHeatmap } from './digit-model';
import { buildPlaygroundCnn } from './model';

describe('a drawn digit through the model (CPU backend, in Node)', () => {
  let model: glia.Sequential;
  let digit: Float32Array;
  beforeAll(async () => {
    await glia.setBackend('cpu');
    glia.setSeed(3);
    model = buildPlaygroundCnn();
    const { test } = await glia.loadMnist({ limit: { train: 0, test: 1 } });
    digit = Float32Array.from(await test.images.data());
    glia.dispose([test.images, test.labels]);
  });

  it("gives model.predict's ten probabilities", async () => {
    const before = glia.memory().numTensors;
    const probabilities = await classProbabilities(model, digit);
    expect(glia.memory().numTensors).toBe(before);
    const expected = glia.tidy(() => model.predict(glia.tensor(digit, [1, 28, 28, 1])));
    const reference = Array.from(await expected.data());
    expected.dispose();
    expect(probabilities).toHaveLength(10);
    for (const [i, p] of probabilities.entries()) expect(p).toBeCloseTo(reference[i]!, 6);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('draws both heatmaps at 8x the digit, leaking nothing', async () => {
    const before = glia.memory().numTensors;
    for (const method of ['saliency', 'integrated-gradients'] as const) {
      const heat = await digitHeatmap(model, digit, 7, method, 8);
      expect([heat.width, heat.height]).toEqual([224, 224]);
      expect(heat.rgba).toHaveLength(224 * 224 * 4);
      // where the digit has no ink and no attribution the heatmap shows black, elsewhere colour
      const values = new Set<number>();
      for (let p = 0; p < heat.rgba.length; p += 4) values.add(heat.rgba[p]! + heat.rgba[p + 2]!);
      expect(values.size).toBeGreaterThan(10);
    }
    expect(glia.memory().numTensors).toBe(before);
  });

  it('names what it expected of a digit of the wrong size', async () => {
    await expect(classProbabilities(model, new Float32Array(100))).rejects.toThrow(
      'digit: 100 pixels: expected 784 (28x28)',
    );
  });
});
