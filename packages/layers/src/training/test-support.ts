/** Shared by the training and callback tests: small deterministic problems and models. */
import { Prng, setSeed, type Tensor, tensor } from '@glia/core';
import type { Layer } from '../engine/layer';
import type { LayerWeight } from '../engine/layer-weight';
import { resetLayerNames } from '../engine/naming';
import { dense } from '../layers/index';
import { type Sequential, sequential } from '../model/sequential';
import type { CompileArgs, FitArgs, History } from './types';

/**
 * `n` points in [-1, 1]², labelled 1 above the line x0 + x1 = 0.2 and 0 below: a linearly
 * separable two-class problem. Labels are int32 class ids.
 */
export function separable(n: number, seed = 7): { x: Tensor; y: Tensor } {
  const prng = new Prng(seed);
  const xs = new Float32Array(2 * n);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * prng.nextFloat() - 1;
    const b = 2 * prng.nextFloat() - 1;
    xs[2 * i] = a;
    xs[2 * i + 1] = b;
    ys[i] = a + b > 0.2 ? 1 : 0;
  }
  return { x: tensor(xs, [n, 2]), y: tensor(ys, [n], 'int32') };
}

/** A 2 -> 8 (relu) -> 2 (softmax) classifier with seeded weights; names start afresh. */
export function smallClassifier(seed = 1): Sequential {
  return seededSequential(seed, () => [
    dense({ units: 8, activation: 'relu', inputShape: [2] }),
    dense({ units: 2, activation: 'softmax' }),
  ]);
}

/** A Sequential of the layers `make` returns, made after `setSeed(seed)` with names afresh. */
export function seededSequential(seed: number, make: () => Layer[]): Sequential {
  setSeed(seed);
  resetLayerNames();
  return sequential({ layers: make() });
}

/**
 * `smallClassifier(seed)` compiled with `optimizer`, sparse categorical cross-entropy and
 * `metrics`.
 */
export function compiledClassifier(
  optimizer: CompileArgs['optimizer'],
  metrics?: CompileArgs['metrics'],
  seed = 1,
): Sequential {
  const model = smallClassifier(seed);
  model.compile({
    optimizer,
    loss: 'sparseCategoricalCrossentropy',
    ...(metrics === undefined ? {} : { metrics }),
  });
  return model;
}

/** Every weight's bytes, to compare bit for bit. */
export function weightBytes(model: { weights: readonly LayerWeight[] }): Uint8Array[] {
  return model.weights.map((w) => {
    const values = w.variable.dataSync();
    return new Uint8Array(
      values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength),
    );
  });
}

/** Whether two weight lists are bit-identical, weight by weight. */
export function sameBytes(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return (
    a.length === b.length && a.every((bytes, i) => Buffer.from(bytes).equals(Buffer.from(b[i]!)))
  );
}

/**
 * `n` 28x28 grey images of noise in [0, 0.3) with one bright 14x14 quadrant (0.7..1): the class
 * (0-3) is which quadrant. Made from a fixed seed, so the test sees the same images every run.
 */
export function quadrantImages(n: number, seed: number): { x: Tensor; y: Tensor } {
  const prng = new Prng(seed);
  const pixels = new Float32Array(n * 28 * 28);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[i] = label;
    const top = label < 2 ? 0 : 14;
    const left = label % 2 === 0 ? 0 : 14;
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const bright = r >= top && r < top + 14 && c >= left && c < left + 14;
        pixels[i * 784 + r * 28 + c] = bright
          ? 0.7 + 0.3 * prng.nextFloat()
          : 0.3 * prng.nextFloat();
      }
    }
  }
  return { x: tensor(pixels, [n, 28, 28, 1]), y: tensor(labels, [n], 'int32') };
}

/** `model.fit(x, y, args)` without progress output, and the seconds it took (for the log line). */
export async function timedFit(
  model: Sequential,
  x: Tensor,
  y: Tensor,
  args: FitArgs,
): Promise<{ history: History; seconds: number }> {
  const started = performance.now();
  const history = await model.fit(x, y, { ...args, verbose: 0 });
  return { history, seconds: (performance.now() - started) / 1000 };
}
