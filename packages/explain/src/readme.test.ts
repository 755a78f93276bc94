/** The README's example, as written there (the PNG goes to a temporary directory). */
import '@glia/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  abs,
  cast,
  dispose,
  greater,
  mean,
  memory,
  randomUniform,
  ready,
  reshape,
  setSeed,
  slice,
  sub,
  sum,
  tidy,
  zerosLike,
} from '@glia/core';
import { layers, sequential } from '@glia/layers';
import { expect, it } from 'vitest';
import { heatmapPng, integratedGradients, occlusion, saliency, smoothGrad } from './index';

it('runs the README example', async () => {
  const out = await mkdtemp(join(tmpdir(), 'glia-explain-'));
  const before = memory().numTensors;
  // --- README example ---
  await ready();
  setSeed(1);
  // A toy task: is the left half of an 8×8 image brighter than the right half?
  const images = randomUniform([256, 8, 8, 1], 0, 1, 'float32', 7);
  const labels = tidy(() => {
    const left = mean(slice(images, [0, 0, 0, 0], [256, 8, 4, 1]), [1, 2, 3]);
    const right = mean(slice(images, [0, 0, 4, 0], [256, 8, 4, 1]), [1, 2, 3]);
    return cast(greater(left, right), 'int32');
  });
  const model = sequential({
    layers: [
      layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
      layers.flatten(),
      layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await model.fit(images, labels, { epochs: 20, batchSize: 32, verbose: 0 });

  const x = slice(images, [0, 0, 0, 0], [2, 8, 8, 1]); // explain two images
  const grads = saliency(model, x, { target: 1 }); // d score₁ / d pixel
  const ig = integratedGradients(model, x, { target: 1, baseline: 0, steps: 128 });
  const smooth = smoothGrad(model, x, { target: 1, samples: 50, noiseLevel: 0.15, seed: 1 });
  const drops = occlusion(model, x, { target: 1, window: 2, strides: 1 });
  console.log(ig.shape); // [2, 8, 8, 1]: every attribution is shaped like the input

  // Completeness: each image's attributions add up to f(x) − f(baseline) for class 1.
  const gap = tidy(() => {
    const scores = slice(model.predict(x), [0, 1], [2, 1]);
    const atBlack = slice(model.predict(zerosLike(x)), [0, 1], [2, 1]);
    return abs(sub(sum(ig, [1, 2, 3]), reshape(sub(scores, atBlack), [2])));
  });
  console.log(gap.dataSync()); // ≈ [0, 0] (well below 1% of the scores)

  const first = [
    slice(x, [0, 0, 0, 0], [1, 8, 8, 1]),
    slice(ig, [0, 0, 0, 0], [1, 8, 8, 1]),
  ] as const;
  const png = await heatmapPng(first[0], first[1], { sign: 'signed', scale: 16 });
  await writeFile(join(out, 'integrated-gradients.png'), png);
  // --- end ---
  expect(ig.shape).toEqual([2, 8, 8, 1]);
  expect(Math.max(...gap.dataSync())).toBeLessThan(1e-3);
  expect(png.length).toBeGreaterThan(100);
  dispose([images, labels, x, grads, ig, smooth, drops, gap, ...first]);
  model.dispose();
  expect(memory().numTensors).toBe(before);
  await rm(out, { recursive: true });
});
