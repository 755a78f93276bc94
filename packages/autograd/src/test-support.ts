// Shared by the tests: core's naive backend (so that autograd's tests need no backend package),
// seeded inputs kept away from kinks, and gradient checks.
import './index';
import {
  type Conv2dOptions,
  type DType,
  Prng,
  ready,
  registerBackend,
  setBackend,
  type Tensor,
  tensor,
} from '@glia/core';
import { createNaiveBackend } from '@glia/core/testing';
import { expect } from 'vitest';
import { checkGradient, type GradientCheckOptions } from './gradient-check';

registerBackend('naive', () => createNaiveBackend('naive'));
setBackend('naive');

/** Selects the naive backend (call it in `beforeAll`; another test may have selected another). */
export async function useNaiveBackend(): Promise<void> {
  await ready();
  setBackend('naive');
}

/** How to draw seeded inputs. */
export interface Draw {
  /** Range of the values (default [-2, 2]). */
  min?: number;
  max?: number;
  /** Redraw values closer than `gap` to any of these points (kinks of the function). */
  avoid?: number[];
  gap?: number;
  seed?: number;
  dtype?: DType;
}

/** A tensor of seeded uniform values in [min, max), away from the kinks in `avoid`. */
export function draw(shape: number[], options: Draw = {}): Tensor {
  const { min = -2, max = 2, avoid = [], gap = 0.1, seed = 7, dtype = 'float32' } = options;
  const prng = new Prng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  while (values.length < size) {
    const v = min + (max - min) * prng.nextFloat();
    if (avoid.every((k) => Math.abs(v - k) >= gap)) values.push(v);
  }
  return tensor(values, shape, dtype);
}

/** Distinct values (pairwise at least `gap` apart), shuffled: for max, min and pooling. */
export function distinct(shape: number[], seed = 3, gap = 0.05): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const prng = new Prng(seed);
  const values = Array.from({ length: size }, (_, i) => (i - size / 2) * gap);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(prng.nextFloat() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return tensor(values, shape);
}

/** Asserts that the tape's gradients of `f` match central differences. */
export function expectGradients(
  f: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradientCheckOptions = {},
): void {
  const result = checkGradient(f, inputs, options);
  expect(result.message).toBe('');
}

/** The values of `t` as a plain array. */
export function values(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/** The convolution geometries the conv-family gradient tests run (fused ones: the first two). */
export const CONV_GEOMETRIES: readonly [string, Conv2dOptions][] = [
  ['valid', {}],
  ['same, stride 2', { padding: 'same', strides: 2 }],
  [
    'explicit padding, dilation 2',
    {
      padding: [
        [1, 0],
        [0, 2],
      ],
      dilations: 2,
    },
  ],
];
