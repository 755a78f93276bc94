// The seed CNN (conv 32 -> pool -> conv 64 -> pool -> conv 64 -> dense 64 -> dense 10) trained on an
// MNIST subset on the gpu.js backend and on the CPU backend from the same seed: no kernel may fall
// back to the CPU, every texture fit allocates is freed again, and the accuracies agree.
// GPUJS_CNN_LIMIT (training images, default 300) and GPUJS_CNN_EPOCHS (default 2) scale the run;
// the README reports the 2,000-image comparison.
import '@glia/backend-cpu';
import {
  dispose,
  getFallbackCounts,
  memory,
  resetFallbackCounts,
  setBackend,
  setSeed,
} from '@glia/core';
import { loadMnist } from '@glia/datasets';
import { layers, resetLayerNames, type Sequential, sequential } from '@glia/layers';
import { seedCnnLayers } from '@glia/layers/testing';
import { expect, it } from 'vitest';
import type { GpujsBackend } from './index';
import { testBackend } from './test-support';

const LIMIT = Number(process.env.GPUJS_CNN_LIMIT ?? 300);
const EPOCHS = Number(process.env.GPUJS_CNN_EPOCHS ?? 2);
const SEED = 42;

function buildSeedCnn(): Sequential {
  const model = sequential({ layers: seedCnnLayers(layers) });
  model.compile({
    optimizer: 'adam',
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

interface RunResult {
  accuracy: number;
  loss: number;
  fitSeconds: number;
  texturesBefore: number;
  texturesAfterFit: number;
  texturesAfterDispose: number;
  weightCount: number;
  fallbacks: Record<string, number>;
}

async function trainOn(backendName: string, gpujs?: GpujsBackend): Promise<RunResult> {
  await setBackend(backendName);
  setSeed(SEED);
  resetLayerNames();
  resetFallbackCounts();
  const data = await loadMnist({ limit: { train: LIMIT, test: Math.max(200, LIMIT / 2) } });
  const textures = () => gpujs?.report().liveTextures ?? 0;
  const texturesBefore = textures();
  const model = buildSeedCnn();
  const started = performance.now();
  await model.fit(data.train.images, data.train.labels, {
    epochs: EPOCHS,
    batchSize: 32,
    seed: SEED,
    verbose: 0,
  });
  const fitSeconds = (performance.now() - started) / 1000;
  const evaluated = await model.evaluate(data.test.images, data.test.labels, { batchSize: 128 });
  const texturesAfterFit = textures();
  const weightCount = model.weights.length;
  model.dispose();
  const texturesAfterDispose = textures();
  dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
  return {
    accuracy: evaluated.accuracy!,
    loss: evaluated.loss!,
    fitSeconds,
    texturesBefore,
    texturesAfterFit,
    texturesAfterDispose,
    weightCount,
    fallbacks: getFallbackCounts(),
  };
}

it(`trains the seed CNN on ${LIMIT} MNIST images like the CPU backend, with no fallbacks and no leaked textures`, {
  timeout: 1_800_000,
}, async () => {
  const backend = testBackend();
  const { registerBackend, removeBackend } = await import('@glia/core');
  registerBackend('gpujs-seed-cnn', () => backend);
  const tensorsBefore = memory().numTensors;
  try {
    const gpu = await trainOn('gpujs-seed-cnn', backend);
    const cpu = await trainOn('cpu');
    const report = backend.report();
    console.log(
      `seed CNN, ${LIMIT} images x ${EPOCHS} epochs: gpujs (${backend.mode}) accuracy ${gpu.accuracy.toFixed(4)} loss ${gpu.loss.toFixed(4)} fit ${gpu.fitSeconds.toFixed(1)} s; cpu accuracy ${cpu.accuracy.toFixed(4)} loss ${cpu.loss.toFixed(4)} fit ${cpu.fitSeconds.toFixed(1)} s; textures ${gpu.texturesBefore} -> ${gpu.texturesAfterFit} (after fit, weights and Adam slots live) -> ${gpu.texturesAfterDispose}; kernels compiled ${report.compiles}, cache hits ${report.cacheHits}`,
    );
    expect(gpu.fallbacks).toEqual({});
    expect(report.gpujsFallbacks).toBe(0);
    // after fit only the weights and Adam's two slots per weight remain; after dispose, nothing
    expect(gpu.texturesAfterFit).toBe(gpu.texturesBefore + 3 * gpu.weightCount);
    expect(gpu.texturesAfterDispose).toBe(gpu.texturesBefore);
    // the same seed gives the same weights and batches: only float rounding differs
    expect(Math.abs(gpu.accuracy - cpu.accuracy)).toBeLessThanOrEqual(0.005 + 2 / (LIMIT / 2));
    // and it learns (chance is 0.1), on runs long enough to learn anything
    if (LIMIT * EPOCHS >= 600) expect(gpu.accuracy).toBeGreaterThan(0.3);
  } finally {
    await setBackend('cpu');
    removeBackend('gpujs-seed-cnn');
  }
  expect(memory().numTensors).toBe(tensorsBefore);
});
