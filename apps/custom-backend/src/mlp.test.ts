// The MLP example of the `glia` README, trained unchanged with @glia/layers on the plain backend and,
// with the same seed, on the CPU backend. Both run the same seeded initialisers and data, so the two
// backends must agree on the losses (up to float32 rounding of differently ordered sums), reach the
// stated accuracy, and the plain backend must do it with no kernel on the CPU fallback.
import '@glia/backend-cpu';
import {
  argMax,
  dispose,
  getFallbackCounts,
  memory,
  randomNormal,
  resetFallbackCounts,
  setBackend,
  setSeed,
} from '@glia/core';
import { layers, sequential } from '@glia/layers';
import { adam } from '@glia/optimizers';
import { describe, expect, it } from 'vitest';
import { PlainBackend } from './index';

interface MlpRun {
  losses: number[];
  loss: number;
  accuracy: number;
}

/** The README's program, with a fixed seed for the weights: a toy task, which feature is largest. */
async function trainMlp(): Promise<MlpRun> {
  setSeed(42);
  const model = sequential({
    layers: [
      layers.dense({ units: 16, activation: 'relu', inputShape: [4] }),
      layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: adam(0.01),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const x = randomNormal([64, 4], 0, 1, 'float32', 1);
  const y = argMax(x, 1); // a toy task: which of the 4 features is largest
  const history = await model.fit(x, y, { epochs: 50, verbose: 0 });
  const { loss, accuracy } = await model.evaluate(x, y);
  model.dispose();
  dispose([x, y]);
  return { losses: history.history.loss!, loss: loss!, accuracy: accuracy! };
}

describe('the README MLP on the plain backend', () => {
  it('trains to the stated accuracy, agrees with the CPU backend, leaks nothing, never falls back', async () => {
    // The CPU run first: the reference the plain backend must reproduce.
    await setBackend('cpu');
    const cpu = await trainMlp();

    expect(await setBackend('plain')).toBeInstanceOf(PlainBackend);
    resetFallbackCounts();
    const before = memory().numTensors;
    const plain = await trainMlp();

    expect(getFallbackCounts(), 'kernels that ran on the CPU fallback').toEqual({});
    expect(memory().numTensors).toBe(before);

    // The stated result of the README example: it learns the task.
    expect(plain.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(plain.loss).toBeLessThan(0.2);
    expect(plain.losses[49]!).toBeLessThan(plain.losses[0]! / 5);

    // Same seed, same program: the same numbers within float32 noise, epoch by epoch.
    expect(plain.accuracy).toBe(cpu.accuracy);
    expect(Math.abs(plain.loss - cpu.loss)).toBeLessThan(1e-4);
    const gaps = plain.losses.map((l, epoch) => Math.abs(l - cpu.losses[epoch]!));
    expect(Math.max(...gaps)).toBeLessThan(1e-4);
    console.log(
      `README MLP, 50 epochs: plain loss ${plain.loss.toFixed(5)} accuracy ${plain.accuracy}; cpu loss ${cpu.loss.toFixed(5)} accuracy ${cpu.accuracy}; first-epoch loss ${plain.losses[0]!.toFixed(4)}; largest per-epoch loss gap ${Math.max(...gaps).toExponential(2)}`,
    );
  });
});
