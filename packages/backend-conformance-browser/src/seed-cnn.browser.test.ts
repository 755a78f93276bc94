// The seed CNN (conv 32 -> pool -> conv 64 -> pool -> conv 64 -> dense 64 -> dense 10) trained 20
// steps in Chromium on gpu.js's webgpu mode (SwiftShader's adapter without a GPU) and on the CPU
// backend, from the same seed and the same seeded batches: each step's loss agrees within 1e-3, and
// the device's live buffers and bytes are back at their baseline once the model is disposed. Every
// read is `await t.data()` (the webgpu mode has no synchronous read).
import '@glia/backend-cpu';
import { variableGrads } from '@glia/autograd';
import { type GpujsBackend, registerGpujsBackend } from '@glia/backend-gpujs';
import {
  getBackend,
  getFallbackCounts,
  logSumExp,
  mean,
  mul,
  oneHot,
  Prng,
  resetFallbackCounts,
  setBackend,
  setSeed,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
} from '@glia/core';
import { layers, resetLayerNames, type Sequential, sequential } from '@glia/layers';
import { seedCnnLayers } from '@glia/layers/testing';
import { adam } from '@glia/optimizers';
import { expect, it } from 'vitest';

const STEPS = 20;
const BATCH = 16;
const SEED = 42;

function buildSeedCnn(): Sequential {
  return sequential({ layers: seedCnnLayers(layers, { softmax: false }) });
}

/** Seeded images in [0, 1) whose class is the brightest of 10 horizontal bands, and the classes. */
function batches(): { xs: Float32Array; ys: Int32Array }[] {
  const prng = new Prng(7);
  return Array.from({ length: STEPS }, () => {
    const xs = new Float32Array(BATCH * 28 * 28);
    const ys = new Int32Array(BATCH);
    for (let b = 0; b < BATCH; b++) {
      const label = Math.floor(prng.nextFloat() * 10);
      ys[b] = label;
      for (let p = 0; p < 28 * 28; p++) {
        const band = Math.min(9, Math.floor(Math.floor(p / 28) / 2.8));
        xs[b * 784 + p] = prng.nextFloat() * 0.5 + (band === label ? 0.5 : 0);
      }
    }
    return { xs, ys };
  });
}

/** Mean softmax cross-entropy of `logits` [n, 10] against class ids `ys` [n]. */
function crossEntropy(logits: Tensor, ys: Tensor): Tensor {
  return mean(sub(logSumExp(logits, -1), sum(mul(oneHot(ys, 10), logits), -1)));
}

async function train(backendName: string): Promise<number[]> {
  await setBackend(backendName);
  setSeed(SEED);
  resetLayerNames();
  resetFallbackCounts();
  const model = buildSeedCnn();
  const optimizer = adam();
  const losses: number[] = [];
  try {
    for (const { xs, ys } of batches()) {
      const loss = tidy(() => {
        const x = tensor(xs, [BATCH, 28, 28, 1]);
        const y = tensor(ys, [BATCH], 'int32');
        const variables = model.trainableWeights.map((w) => w.variable);
        const { value, grads } = variableGrads(
          () => crossEntropy(model.apply(x, { training: true }), y),
          variables,
        );
        optimizer.applyGradients(
          variables.map((v) => ({ name: v.name, param: v, grad: grads[v.name]! })),
        );
        return value;
      });
      losses.push((await loss.data())[0]!);
      loss.dispose();
    }
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  expect(getFallbackCounts(), 'kernels that fell back to the CPU').toEqual({});
  return losses;
}

it('trains 20 steps on WebGPU with the CPU backend’s losses, and frees every buffer', async () => {
  registerGpujsBackend({ name: 'cnn-webgpu', mode: 'webgpu' });
  await setBackend('cnn-webgpu');
  const gpujs = getBackend() as GpujsBackend;
  const before = gpujs.report();

  const cpuLosses = await train('cpu');
  const webgpuLosses = await train('cnn-webgpu');
  const after = gpujs.report();
  console.info(
    `seed CNN, ${STEPS} steps of ${BATCH}: ${gpujs.describe()} losses ${webgpuLosses
      .map((l) => l.toFixed(4))
      .join(' ')}; cpu ${cpuLosses.map((l) => l.toFixed(4)).join(' ')}; live buffers ${
      before.liveBuffers
    } -> ${after.liveBuffers}, bytes ${before.liveBufferBytes} -> ${after.liveBufferBytes}`,
  );

  expect(gpujs.describe()).toBe('gpujs (webgpu)');
  expect(webgpuLosses).toHaveLength(STEPS);
  const worst = Math.max(...webgpuLosses.map((l, i) => Math.abs(l - cpuLosses[i]!)));
  expect(worst, `largest per-step loss difference`).toBeLessThan(1e-3);
  // it learns: the last steps' loss is well below the first's (ln 10 ≈ 2.30 at the start)
  expect(webgpuLosses[STEPS - 1]!).toBeLessThan(webgpuLosses[0]! - 0.3);
  expect(after.liveBuffers).toBe(before.liveBuffers);
  expect(after.liveBufferBytes).toBe(before.liveBufferBytes);
});
