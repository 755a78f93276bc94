// The sync-read audit for attributions: saliency, gradient x input, integrated gradients,
// SmoothGrad (unseeded, drawing its seed from the global generator) and occlusion on a backend
// whose readSync throws, as gpu.js's webgpu mode does, give the CPU backend's values.
import { CpuBackend } from '@glia/backend-cpu';
import {
  memory,
  registerBackend,
  removeBackend,
  SyncReadError,
  setBackend,
  setSeed,
  type Tensor,
} from '@glia/core';
import { withoutSyncReads } from '@glia/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradientTimesInput, integratedGradients, occlusion, saliency, smoothGrad } from './index';
import { randomTensor, smallCnn } from './test-support';

beforeAll(() => {
  // The CPU backend, but with no synchronous reads.
  registerBackend('explain-async-only', () =>
    withoutSyncReads(
      new CpuBackend(),
      () => new SyncReadError('audit: a synchronous read in an attribution'),
    ),
  );
});
afterAll(async () => {
  await setBackend('cpu');
  removeBackend('explain-async-only');
});

async function attributions(): Promise<number[][]> {
  const before = memory().numTensors;
  const model = smallCnn();
  const x = randomTensor([2, 6, 6, 2], 5, 0, 1);
  setSeed(9);
  const maps: Tensor[] = [
    saliency(model, x, { target: 1 }),
    gradientTimesInput(model, x, { target: [0, 3] }),
    integratedGradients(model, x, { target: 2, steps: 8 }),
    smoothGrad(model, x, { target: 1, samples: 4 }),
    occlusion(model, x, { target: 0, window: 3 }),
  ];
  const values = await Promise.all(maps.map(async (m) => Array.from(await m.data())));
  for (const m of maps) m.dispose();
  x.dispose();
  model.dispose();
  expect(memory().numTensors).toBe(before);
  return values;
}

describe('no synchronous reads in attributions', () => {
  it('every attribution runs with readSync throwing, with the CPU backend’s values', async () => {
    await setBackend('cpu');
    const reference = await attributions();
    await setBackend('explain-async-only');
    const audited = await attributions();
    expect(audited).toEqual(reference);
    expect(reference.every((v) => v.length === 2 * 6 * 6 * 2 && v.some((a) => a !== 0))).toBe(true);
  });
});
