// The same autoencoders, unchanged, on the CPU and on gpu.js (its WebAssembly mode here, or GL where
// gpu.js finds one): same seed, so the training curves and test MSEs must agree to float32 rounding.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as glia from 'glia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainAutoencoder } from './train';

const quiet = { verbose: 0, log: () => {} } as const;
let out = '';
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'glia-autoencoder-backends-'));
});
afterAll(async () => {
  await glia.setBackend('cpu');
  await rm(out, { recursive: true, force: true });
});

describe('apps/autoencoder on the cpu and gpujs backends', () => {
  for (const kind of ['dense', 'denoise'] as const) {
    it(`the ${kind} autoencoder trains to the same losses and test MSE on both`, async () => {
      const runs: { loss: number[]; mse: number }[] = [];
      for (const backend of ['cpu', 'gpujs']) {
        glia.resetFallbackCounts();
        const result = await trainAutoencoder(kind, {
          ...quiet,
          backend,
          limit: 128,
          epochs: 2,
          batchSize: 32,
          out,
        });
        expect(glia.getBackendName()).toBe(backend);
        expect(glia.getFallbackCounts()).toEqual({}); // every kernel ran on the backend itself
        runs.push({
          loss: result.history.history.loss!.map(Number),
          mse: result.mse.reconstruction,
        });
      }
      const [cpu, gpujs] = runs as [(typeof runs)[0], (typeof runs)[0]];
      expect(cpu.loss[1]).toBeLessThan(cpu.loss[0]!); // it learns
      for (let i = 0; i < cpu.loss.length; i++) {
        expect(Math.abs(gpujs.loss[i]! - cpu.loss[i]!)).toBeLessThanOrEqual(1e-3 * cpu.loss[i]!);
      }
      expect(Math.abs(gpujs.mse - cpu.mse)).toBeLessThanOrEqual(1e-3 * cpu.mse);
    });
  }
});
