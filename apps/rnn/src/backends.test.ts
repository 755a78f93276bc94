// The same recurrent programs, unchanged, on the CPU and on gpu.js (its WebAssembly mode here, or GL
// where gpu.js finds one): same seed, so the two training curves must agree to float32 rounding.
import * as glia from 'glia';
import { afterAll, describe, expect, it } from 'vitest';
import { trainForecaster } from './forecast';
import { trainMnistLstm } from './mnist-lstm';

const quiet = { verbose: 0, log: () => {} } as const;
afterAll(async () => {
  await glia.setBackend('cpu');
});

/** Runs `train` on each backend from a clean fallback count; returns the per-epoch losses. */
async function onBothBackends(
  train: (backend: string) => Promise<glia.History>,
): Promise<Record<'cpu' | 'gpujs', number[]>> {
  const losses = { cpu: [] as number[], gpujs: [] as number[] };
  for (const backend of ['cpu', 'gpujs'] as const) {
    glia.resetFallbackCounts();
    const history = await train(backend);
    expect(glia.getBackendName()).toBe(backend);
    expect(glia.getFallbackCounts()).toEqual({}); // every kernel ran on the backend itself
    losses[backend] = history.history.loss!.map(Number);
  }
  return losses;
}

function expectSameCurve(a: number[], b: number[], relative: number): void {
  expect(b).toHaveLength(a.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(relative * Math.abs(a[i]!));
  }
}

describe('apps/rnn on the cpu and gpujs backends', () => {
  it('the MNIST LSTM trains to the same losses on both', async () => {
    const losses = await onBothBackends(async (backend) => {
      const result = await trainMnistLstm({
        ...quiet,
        backend,
        limit: 128,
        epochs: 2,
        batchSize: 32,
        units: 8,
        writeReports: false,
      });
      expect(result.sizes).toEqual({ train: 128, test: 64 });
      return result.history;
    });
    expect(losses.cpu[1]).toBeLessThan(losses.cpu[0]!); // it learns
    expectSameCurve(losses.cpu, losses.gpujs, 1e-3);
  });

  it('the GRU forecaster trains to the same losses on both', async () => {
    const losses = await onBothBackends(async (backend) => {
      const result = await trainForecaster({
        ...quiet,
        backend,
        limit: 200,
        epochs: 2,
        units: 8,
        writeReports: false,
      });
      return result.history;
    });
    expectSameCurve(losses.cpu, losses.gpujs, 1e-3);
  });
});
