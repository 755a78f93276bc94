import '@glia/backend-cpu';
import { checkGradient } from '@glia/autograd';
import { memory, ready, type Tensor, tensor } from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activations, getActivation } from './index';

beforeAll(async () => {
  await ready();
});

/** erf by Abramowitz & Stegun 7.1.26 (error below 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return Math.sign(x) * y;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

const elementwise: [string, (x: number) => number][] = [
  ['linear', (x) => x],
  ['sigmoid', sigmoid],
  ['tanh', Math.tanh],
  ['relu', (x) => Math.max(x, 0)],
  ['relu6', (x) => Math.min(Math.max(x, 0), 6)],
  ['leakyRelu', (x) => (x > 0 ? x : 0.2 * x)],
  ['elu', (x) => (x > 0 ? x : Math.expm1(x))],
  ['selu', (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x))],
  ['gelu', (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ['softplus', (x) => Math.log1p(Math.exp(x))],
  ['swish', (x) => x * sigmoid(x)],
];

// Away from the kinks at 0 and 6, so finite differences see one side.
const points = [-7.5, -3.2, -1.1, -0.4, 0.3, 0.9, 2.5, 5.2, 6.8];

describe('activations', () => {
  for (const [name, reference] of elementwise) {
    it(`${name} matches its formula and its gradient matches central differences`, () => {
      const activation = getActivation(name);
      expect(activation.name).toBe(name);
      const y = activation.apply(tensor(points)).dataSync();
      points.forEach((x, i) => {
        expect(y[i]).toBeCloseTo(reference(x), 5);
      });
      const { ok, message } = checkGradient((x: Tensor) => activation.apply(x), [tensor(points)], {
        epsilon: 1e-2,
        tolerance: 1e-2,
      });
      expect(message).toBe('');
      expect(ok).toBe(true);
    });
  }

  it('softmax normalizes over the last axis', () => {
    const x = tensor([
      [1, 2, 3],
      [-1, 0, 5],
    ]);
    const y = activations.softmax.apply(x).dataSync();
    for (const [r, row] of [
      [1, 2, 3],
      [-1, 0, 5],
    ].entries()) {
      const e = row.map(Math.exp);
      const total = e.reduce((a, b) => a + b, 0);
      e.forEach((v, j) => {
        expect(y[r * 3 + j]).toBeCloseTo(v / total, 6);
      });
    }
    const { ok } = checkGradient((t: Tensor) => activations.softmax.apply(t), [x], {
      epsilon: 1e-2,
    });
    expect(ok).toBe(true);
  });

  it('every activation adds exactly its output to memory', () => {
    const x = tensor([
      [1, -2],
      [3, 4],
    ]);
    for (const name of ACTIVATION_NAMES) {
      const before = memory().numTensors;
      const y = getActivation(name).apply(x);
      expect(memory().numTensors).toBe(before + 1);
      y.dispose();
    }
  });
});

describe('getActivation', () => {
  it("accepts Keras' and TF.js' spellings, and null or undefined for linear", () => {
    expect(getActivation('leaky_relu')).toBe(activations.leakyRelu);
    expect(getActivation('LeakyReLU')).toBe(activations.leakyRelu);
    expect(getActivation('silu')).toBe(activations.swish);
    expect(getActivation(undefined)).toBe(activations.linear);
    expect(getActivation(null)).toBe(activations.linear);
    expect(ACTIVATION_NAMES).toEqual([
      'linear',
      'sigmoid',
      'tanh',
      'relu',
      'relu6',
      'leakyRelu',
      'elu',
      'selu',
      'gelu',
      'softmax',
      'softplus',
      'swish',
    ]);
  });

  it('passes an activation object through', () => {
    const cube = { name: 'cube', apply: (x: Tensor) => x };
    expect(getActivation(cube)).toBe(cube);
  });

  it('names the known activations when it does not know one', () => {
    expect(() => getActivation('reluu')).toThrow(
      "getActivation: unknown activation 'reluu': expected one of linear, sigmoid, tanh, relu, relu6, leakyRelu, elu, selu, gelu, softmax, softplus, swish",
    );
    expect(() => getActivation(3 as never)).toThrow(
      /expected an activation name .* or an object with name and apply, got 3/,
    );
  });
});
