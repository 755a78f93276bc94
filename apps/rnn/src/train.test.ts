// Small real runs: each trains on the CPU and must beat a stated bar, leaking no tensors.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as glia from 'glia';
import { describe, expect, it } from 'vitest';
import { trainForecaster } from './forecast';
import { trainMnistLstm } from './mnist-lstm';

const quiet = { verbose: 0, log: () => {} } as const;

describe('the MNIST LSTM', () => {
  it('reads 2,000 digits row by row and passes 55% test accuracy in 2 epochs', async () => {
    await glia.ready();
    const before = glia.memory().numTensors;
    // Measured: 65.8% on the first 1,000 test images (64 units, Adam 0.005, batch 32, seed 42).
    const result = await trainMnistLstm({
      ...quiet,
      limit: 2000,
      epochs: 2,
      batchSize: 32,
      units: 64,
      learningRate: 0.005,
      writeReports: false,
    });
    expect(result.sizes).toEqual({ train: 2000, test: 1000 });
    expect(result.test.accuracy).toBeGreaterThanOrEqual(0.55);
    expect(glia.memory().numTensors).toBe(before);
  });
});

describe('the GRU forecaster', () => {
  it('beats the last-value forecast on the held-out span and plots forecast against truth', async () => {
    await glia.ready();
    const before = glia.memory().numTensors;
    const out = await mkdtemp(path.join(tmpdir(), 'glia-rnn-'));
    try {
      const result = await trainForecaster({ ...quiet, limit: 600, epochs: 4, out });
      expect(result.forecast.length).toBe(result.sizes.test);
      expect(result.mse.gru).toBeLessThan(result.mse.lastValue);
      const svg = await readFile(result.paths.plot!, 'utf8');
      expect(svg).toContain('data-label="truth"');
      expect(svg).toContain('data-label="GRU forecast"');
      expect(glia.memory().numTensors).toBe(before);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
