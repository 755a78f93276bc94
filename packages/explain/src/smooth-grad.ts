import {
  add,
  checkOptions,
  div,
  max,
  min,
  mul,
  Prng,
  reshape,
  seedFromGlobalGenerator,
  sub,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '@glia/core';
import { positiveInt } from './checks';
import { sumInChunks } from './chunked-sum';
import { scoreGradient, withScorer } from './gradients';
import type { AttributionOptions, ExplainModel } from './model';

/** `smoothGrad` settings. */
export interface SmoothGradOptions extends AttributionOptions {
  /** Number of noisy copies averaged (default 50). */
  samples?: number;
  /**
   * The noise's standard deviation as a fraction of each example's value range, max - min
   * (default 0.15, in the 10-20% the paper recommends).
   */
  noiseLevel?: number;
  /** An absolute standard deviation instead of `noiseLevel`. */
  stdDev?: number;
  /** Seeds the noise; without it, the noise comes from core's global generator (`setSeed`). */
  seed?: number;
  /** The most rows (noisy inputs) per model call (default 128). */
  batchSize?: number;
}

const SMOOTH_GRAD_KEYS = Object.keys({
  target: true,
  logits: true,
  samples: true,
  noiseLevel: true,
  stdDev: true,
  seed: true,
  batchSize: true,
} satisfies Record<keyof SmoothGradOptions, true>);

/**
 * SmoothGrad (Smilkov et al., 2017): the saliency averaged over copies of the input with Gaussian
 * noise added, which removes much of the visual noise of plain gradients. The noise is drawn on
 * the host from core's seeded generator, sample by sample, so a seed gives the same map on every
 * backend and for every `batchSize`. With zero noise it is the saliency.
 *
 * ```ts
 * const map = smoothGrad(model, images, { target: 3, samples: 50, noiseLevel: 0.15, seed: 1 });
 * ```
 */
export function smoothGrad(
  model: ExplainModel,
  x: Tensor,
  options: SmoothGradOptions = {},
): Tensor {
  const method = 'smoothGrad';
  checkOptions(
    method,
    'smoothGrad(model, x, { target?, logits?, samples?, noiseLevel?, stdDev?, seed?, batchSize? })',
    options,
    SMOOTH_GRAD_KEYS,
  );
  const samples = positiveInt(method, 'samples', options.samples ?? 50);
  const noiseLevel = options.noiseLevel ?? 0.15;
  for (const [name, v] of [
    ['noiseLevel', noiseLevel],
    ['stdDev', options.stdDev ?? 0],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) {
      throw new ValueError(`${method}: ${name} must be a finite number >= 0, got ${v}`);
    }
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new ValueError(`${method}: seed must be a finite number, got ${options.seed}`);
  }
  return withScorer(method, model, x, options, (f, scorer) => {
    const [n, ...example] = x.shape as [number, ...number[]];
    const exampleAxes = example.map((_, i) => i + 1);
    const prng = new Prng(options.seed ?? seedFromGlobalGenerator());
    // The noise's standard deviation per example, [n, 1, ...].
    const sigma =
      options.stdDev !== undefined
        ? options.stdDev
        : tidy(() => mul(sub(max(x, exampleAxes, true), min(x, exampleAxes, true)), noiseLevel));
    try {
      return sumInChunks(
        x.shape,
        { method, count: samples, rowsPerItem: n, batchSize: options.batchSize },
        (_, size) => {
          const normals = Float32Array.from({ length: size * x.size }, () => prng.nextNormal());
          const noise = mul(tensor(normals, [size, ...x.shape]), sigma);
          const noisy = reshape(add(x, noise), [size * n, ...example]);
          return sum(reshape(scoreGradient(f, scorer, noisy, size), [size, n, ...example]), 0);
        },
        (total) => div(total, samples),
      );
    } finally {
      if (typeof sigma !== 'number') sigma.dispose();
    }
  });
}
