/** Clipping by value, norm and global norm, against hand-computed values. */
import { GliaError, memory, type Tensor, tensor, ValueError, zeros } from '@glia/core';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipByNorm, globalNorm } from './clipping';
import { adam } from './optimizers/adam';
import { type SGDOptions, sgd } from './optimizers/sgd';

const values = (t: Tensor) => Array.from(t.dataSync());

function closeTo(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i]!, 6);
  });
}

describe('clipByNorm, globalNorm, clipByGlobalNorm', () => {
  it('rescales a tensor longer than clipNorm to that length: [3, 4] at 1 is [0.6, 0.8]', () => {
    closeTo(values(clipByNorm(tensor([3, 4]), 1)), [0.6, 0.8]);
  });

  it('leaves shorter tensors, and zeros, as they are', () => {
    closeTo(values(clipByNorm(tensor([3, 4]), 10)), [3, 4]);
    closeTo(values(clipByNorm(zeros([3]), 1)), [0, 0, 0]);
  });

  it('globalNorm is the norm of everything: ‖[1, 2, 2], [4]‖ = 5', () => {
    closeTo(values(globalNorm([tensor([1, 2, 2]), tensor([[4]])])), [5]);
  });

  it('clipByGlobalNorm scales all by clip / max(global norm, clip): 2.5 / 5 = 0.5', () => {
    const [a, b] = clipByGlobalNorm([tensor([1, 2, 2]), tensor([4])], 2.5);
    closeTo(values(a!), [0.5, 1, 1]);
    closeTo(values(b!), [2]);
    const [c] = clipByGlobalNorm([tensor([1, 2, 2])], 10);
    closeTo(values(c!), [1, 2, 2]);
  });

  it('adds only its outputs to memory', () => {
    const xs = [tensor([1, 2, 2]), tensor([4])];
    const before = memory().numTensors;
    const out = clipByGlobalNorm(xs, 1);
    expect(memory().numTensors).toBe(before + 2);
    for (const t of [...out, ...xs]) t.dispose();
  });

  it('needs a positive clip norm', () => {
    expect(() => clipByNorm(tensor([1]), 0)).toThrow(
      /clipByNorm: clipNorm is 0: expected a finite number > 0/,
    );
    expect(() => clipByGlobalNorm([tensor([1])], Number.NaN)).toThrow(ValueError);
  });
});

describe('clipping inside an optimizer (sgd at learning rate 1 from 0, so param = -grad)', () => {
  function step(options: SGDOptions, grads: number[][]): number[][] {
    const opt = sgd(options);
    const params = grads.map((g) => zeros([g.length]));
    opt.applyGradients(
      grads.map((g, j) => ({ name: `p${j}`, param: params[j]!, grad: tensor(g) })),
    );
    return params.map((p) => values(p).map((v) => -v));
  }

  it('clipValue clips each element', () => {
    const [g] = step({ learningRate: 1, clipValue: 0.5 }, [[-2, 0.3, 1]]);
    closeTo(g!, [-0.5, 0.3, 0.5]);
  });

  it('clipNorm clips each tensor on its own', () => {
    const [a, b] = step({ learningRate: 1, clipNorm: 1 }, [
      [3, 4],
      [0, 0.5],
    ]);
    closeTo(a!, [0.6, 0.8]);
    closeTo(b!, [0, 0.5]);
  });

  it('globalClipNorm clips all the gradients of the step together', () => {
    const [a, b] = step({ learningRate: 1, globalClipNorm: 2.5 }, [[1, 2, 2], [4]]);
    closeTo(a!, [0.5, 1, 1]);
    closeTo(b!, [2]);
  });

  it('allows one clipping option at a time, as Keras does, and only positive ones', () => {
    expect(() => adam({ clipNorm: 1, clipValue: 1 })).toThrow(
      /Adam: only one of clipValue, clipNorm and globalClipNorm may be set, got clipValue and clipNorm/,
    );
    expect(() => sgd({ globalClipNorm: -1 })).toThrow(
      /SGD: globalClipNorm is -1: expected a finite number > 0/,
    );
    expect(() => sgd({ clipValue: Number.POSITIVE_INFINITY })).toThrow(GliaError);
  });

  it('is part of the config, under Keras keys', () => {
    expect(sgd({ clipNorm: 2 }).getConfig()).toMatchObject({ clipnorm: 2 });
    expect(sgd({ clipValue: 0.5 }).getConfig()).toMatchObject({ clipvalue: 0.5 });
    expect(sgd({ globalClipNorm: 1 }).getConfig()).toMatchObject({ global_clipnorm: 1 });
    expect(sgd().getConfig()).not.toHaveProperty('clipnorm');
  });
});
