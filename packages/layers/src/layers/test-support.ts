/** Shared by the layer tests: the CPU backend, weight substitution for gradient checks, references. */
import '@glia/backend-cpu';
import { checkGradient } from '@glia/autograd';
import { Prng, ready, type Tensor, tensor } from '@glia/core';
import { expect } from 'vitest';
import type { CallContext, Layer } from '../engine/layer';
import type { RandomUniform } from '../initializers/basic';
import { initializers } from '../initializers/index';

/** Starts the CPU backend (call from `beforeAll`). */
export async function useCpu(): Promise<void> {
  await ready();
}

/** Uniform values in [min, max) from a seeded generator, as a float32 tensor. */
export function randomTensor(shape: number[], seed = 1, min = -1, max = 1): Tensor {
  const prng = new Prng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float32Array.from({ length: n }, () => min + (max - min) * prng.nextFloat()),
    shape,
  );
}

/** Expects `actual` to equal `expected` element by element within `tolerance`. */
export function expectClose(
  actual: Tensor | ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance = 1e-5,
): void {
  const got = 'dataSync' in actual ? actual.dataSync() : actual;
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    if (Math.abs(got[i]! - e) > tolerance * Math.max(1, Math.abs(e))) {
      expect.fail(`element ${i}: got ${got[i]}, expected ${e} (tolerance ${tolerance})`);
    }
  }
}

/**
 * `layer.apply` as a function of its input and of the weights in `fields` (the layer's properties
 * holding them: 'kernel', 'bias', 'gamma', ...), so `checkGradient` can vary the weights too. The
 * layer must already be built.
 */
export function applyWithWeights(
  layer: Layer,
  fields: readonly string[],
  context: CallContext = { training: false },
): (x: Tensor, ...weights: Tensor[]) => Tensor {
  return (x, ...weights) => {
    const saved = fields.map((f) => Reflect.get(layer, f));
    fields.forEach((f, i) => {
      Reflect.set(layer, f, weights[i]);
    });
    try {
      return layer.apply(x, context);
    } finally {
      fields.forEach((f, i) => {
        Reflect.set(layer, f, saved[i]);
      });
    }
  };
}

/**
 * Checks the gradients of `layer` with respect to its input and the weights in `fields` against
 * central differences.
 */
export function expectLayerGradients(
  layer: Layer,
  x: Tensor,
  fields: readonly string[],
  options: {
    context?: CallContext;
    tolerance?: number;
    epsilon?: number;
    withRespectToInput?: boolean;
  } = {},
): void {
  if (!layer.built) layer.apply(x).dispose();
  const weights = fields.map((f) => {
    const w = Reflect.get(layer, f) as Tensor | undefined;
    if (!w) throw new Error(`expectLayerGradients: ${layer.name} has no weight '${f}'`);
    return w;
  });
  const f = applyWithWeights(layer, fields, options.context);
  const result = checkGradient(f, [x, ...weights], {
    tolerance: options.tolerance ?? 2e-2,
    epsilon: options.epsilon ?? 1e-2,
  });
  expect(result.message).toBe('');
  expect(result.ok).toBe(true);
}

/** A seeded initializer uniform in [-limit, limit). */
export function seededUniform(seed: number, limit: number): RandomUniform {
  return initializers.randomUniform({ minval: -limit, maxval: limit, seed });
}

/**
 * Seeded uniform kernel, recurrent kernel and bias initializers (seeds `seed`, `seed + 1`,
 * `seed + 2`) for a recurrent layer's arguments, so every weight matters.
 */
export function recurrentWeights(
  seed: number,
  limit: number,
): {
  kernelInitializer: RandomUniform;
  recurrentInitializer: RandomUniform;
  biasInitializer: RandomUniform;
} {
  return {
    kernelInitializer: seededUniform(seed, limit),
    recurrentInitializer: seededUniform(seed + 1, limit),
    biasInitializer: seededUniform(seed + 2, limit),
  };
}
