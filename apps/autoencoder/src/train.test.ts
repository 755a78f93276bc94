// Small real runs on the CPU: each must beat its baseline and leak no tensors.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as glia from 'glia';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngDimensions } from './report/image-grid';
import { GRID_COLUMNS, trainAutoencoder } from './train';

const quiet = { verbose: 0, log: () => {} } as const;
let out = '';
beforeAll(async () => {
  await glia.ready();
  out = await mkdtemp(path.join(tmpdir(), 'glia-autoencoder-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

// A grid of `rows` rows of GRID_COLUMNS 28×28 tiles with 2-pixel gaps.
const gridSize = (rows: number) => ({
  width: GRID_COLUMNS * 28 + (GRID_COLUMNS + 1) * 2,
  height: rows * 28 + (rows + 1) * 2,
});

describe('the dense autoencoder', () => {
  it('beats the mean image, and its encoder gives 32-number codes', async () => {
    const before = glia.memory().numTensors;
    const result = await trainAutoencoder('dense', {
      ...quiet,
      limit: 2000,
      epochs: 5,
      batchSize: 64,
      out,
      keepModels: true,
    });
    const { autoencoder, encoder } = result.models!;
    try {
      expect(result.mse.reconstruction).toBeLessThan(result.mse.meanImage);
      const x = glia.zeros([5, 784]);
      const codes = encoder.predict(x);
      expect(codes.shape).toEqual([5, 32]);
      glia.dispose([x, codes]);
      expect(pngDimensions(await readFile(result.paths.grid))).toEqual(gridSize(2));
    } finally {
      autoencoder.dispose();
    }
    expect(glia.memory().numTensors).toBe(before);
  });
});

describe('the denoising autoencoder', () => {
  it('brings noisy digits closer to the clean ones than the noisy input is', async () => {
    const before = glia.memory().numTensors;
    const result = await trainAutoencoder('denoise', {
      ...quiet,
      limit: 1000,
      epochs: 2,
      batchSize: 32,
      out,
    });
    expect(result.mse.noisyInput).toBeDefined();
    expect(result.mse.reconstruction).toBeLessThan(result.mse.noisyInput!);
    expect(pngDimensions(await readFile(result.paths.grid))).toEqual(gridSize(3));
    expect(glia.memory().numTensors).toBe(before);
  });
});

describe('the U-Net denoiser (functional API, concatenate skip connections)', () => {
  it('brings noisy digits closer to the clean ones than the noisy input is, leaking nothing', async () => {
    const before = glia.memory().numTensors;
    const result = await trainAutoencoder('unet', {
      ...quiet,
      limit: 1000,
      epochs: 2,
      batchSize: 32,
      out,
      keepModels: true,
    });
    const { autoencoder, encoder } = result.models!;
    try {
      expect(result.mse.reconstruction).toBeLessThan(result.mse.noisyInput!);
      expect(autoencoder.layers.filter((l) => l.className === 'Concatenate')).toHaveLength(2);
      const x = glia.zeros([2, 28, 28, 1]);
      const codes = encoder.predict(x);
      expect(codes.shape).toEqual([2, 7, 7, 16]);
      glia.dispose([x, codes]);
      expect(pngDimensions(await readFile(result.paths.grid))).toEqual(gridSize(3));
    } finally {
      autoencoder.dispose();
    }
    expect(glia.memory().numTensors).toBe(before);
  });
});
