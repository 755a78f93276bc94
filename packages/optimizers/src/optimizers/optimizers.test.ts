/**
 * Every optimizer against an independent float64 reimplementation of its update (Keras 3's
 * formulas; TF.js's for `Momentum`), over 5 steps on three parameters of different shapes: the
 * parameters must agree to 1e-6 relative (to max(|p|, 1)) and every saved slot to 1e-5.
 */
import { ValueError } from '@glia/core';
import { describe, expect, it } from 'vitest';
import type { Optimizer } from '../optimizer';
import { exponentialDecay } from '../schedules';
import { maxRelDiff, NAMES, problem, runGlia } from '../test-support/harness';
import {
  RefAdadelta,
  RefAdagrad,
  RefAdam,
  RefAdamax,
  type Reference,
  RefMomentum,
  RefRMSProp,
  RefSGD,
  refClip,
  type Vec,
} from '../test-support/reference';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { adamW } from './adamw';
import { momentum } from './momentum';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';

interface Case {
  title: string;
  make: () => Optimizer;
  ref: () => Reference;
  /** The learning rate at step t (0-based). */
  lr: (t: number) => number;
  clip?: { clipValue?: number; clipNorm?: number; globalClipNorm?: number };
}

const constant = (lr: number) => () => lr;
const halving = exponentialDecay(0.1, 2, 0.5); // 0.1, 0.0707, 0.05, ...

/**
 * Momentum 0.9 at a constant rate 0.1, with Nesterov, and under `halving`: `make` and `ref` take the
 * learning rate and whether Nesterov.
 */
function momentumCases(
  title: string,
  make: (learningRate: number | typeof halving, nesterov: boolean) => Optimizer,
  ref: (nesterov: boolean) => Reference,
): Case[] {
  return [
    {
      title: `${title}, momentum 0.9`,
      make: () => make(0.1, false),
      ref: () => ref(false),
      lr: constant(0.1),
    },
    {
      title: `${title}, Nesterov momentum 0.9`,
      make: () => make(0.1, true),
      ref: () => ref(true),
      lr: constant(0.1),
    },
    {
      title: `${title}, momentum 0.9 under an exponential decay schedule`,
      make: () => make(halving, false),
      ref: () => ref(false),
      lr: (t) => 0.1 * 0.5 ** (t / 2),
    },
  ];
}

const cases: Case[] = [
  { title: 'sgd', make: () => sgd(0.1), ref: () => new RefSGD(), lr: constant(0.1) },
  ...momentumCases(
    'sgd (Keras velocity)',
    (learningRate, nesterov) => sgd({ learningRate, momentum: 0.9, nesterov }),
    (nesterov) => new RefSGD(0.9, nesterov),
  ),
  ...momentumCases(
    'momentum (TF.js accumulation)',
    (learningRate, nesterov) => momentum(learningRate, 0.9, nesterov),
    (nesterov) => new RefMomentum(0.9, nesterov),
  ),
  { title: 'adam', make: () => adam(0.01), ref: () => new RefAdam(), lr: constant(0.01) },
  {
    title: 'adam, β 0.8/0.99, ε 1e-2 (ε placement visible)',
    make: () => adam(0.01, 0.8, 0.99, 1e-2),
    ref: () => new RefAdam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-2 }),
    lr: constant(0.01),
  },
  {
    title: 'adam, AMSGrad',
    make: () => adam({ learningRate: 0.01, amsgrad: true }),
    ref: () => new RefAdam({ amsgrad: true }),
    lr: constant(0.01),
  },
  {
    title: 'adam, global clip norm 1',
    make: () => adam({ learningRate: 0.01, globalClipNorm: 1 }),
    ref: () => new RefAdam(),
    lr: constant(0.01),
    clip: { globalClipNorm: 1 },
  },
  { title: 'adamax', make: () => adamax(0.01), ref: () => new RefAdamax(), lr: constant(0.01) },
  {
    title: 'adamax, β 0.8/0.9, ε 1e-3',
    make: () => adamax(0.05, 0.8, 0.9, 1e-3),
    ref: () => new RefAdamax(0.8, 0.9, 1e-3),
    lr: constant(0.05),
  },
  {
    title: 'adamW, weight decay 0.1',
    make: () => adamW(0.01, 0.1),
    ref: () => new RefAdam({ weightDecay: 0.1 }),
    lr: constant(0.01),
  },
  {
    title: 'adamW, default weight decay 0.004, AMSGrad',
    make: () => adamW({ learningRate: 0.05, amsgrad: true }),
    ref: () => new RefAdam({ weightDecay: 0.004, amsgrad: true }),
    lr: constant(0.05),
  },
  { title: 'rmsprop', make: () => rmsprop(0.01), ref: () => new RefRMSProp(), lr: constant(0.01) },
  {
    title: 'rmsprop, momentum 0.5, clip value 0.5',
    make: () => rmsprop({ learningRate: 0.01, momentum: 0.5, clipValue: 0.5 }),
    ref: () => new RefRMSProp({ momentum: 0.5 }),
    lr: constant(0.01),
    clip: { clipValue: 0.5 },
  },
  {
    title: 'rmsprop, centered',
    make: () => rmsprop({ learningRate: 0.01, centered: true }),
    ref: () => new RefRMSProp({ centered: true }),
    lr: constant(0.01),
  },
  {
    title: 'rmsprop, centered, momentum 0.9, ρ 0.8, clip norm 0.5',
    make: () =>
      rmsprop({ learningRate: 0.01, rho: 0.8, momentum: 0.9, centered: true, clipNorm: 0.5 }),
    ref: () => new RefRMSProp({ rho: 0.8, momentum: 0.9, centered: true }),
    lr: constant(0.01),
    clip: { clipNorm: 0.5 },
  },
  { title: 'adagrad', make: () => adagrad(0.1), ref: () => new RefAdagrad(), lr: constant(0.1) },
  {
    title: 'adagrad, initial accumulator 0.5, ε 1e-3',
    make: () => adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.5, epsilon: 1e-3 }),
    ref: () => new RefAdagrad(0.5, 1e-3),
    lr: constant(0.1),
  },
  {
    title: 'adadelta, lr 1',
    make: () => adadelta(1),
    ref: () => new RefAdadelta(),
    lr: constant(1),
  },
  {
    title: 'adadelta, ρ 0.9, ε 1e-4',
    make: () => adadelta(1, 0.9, 1e-4),
    ref: () => new RefAdadelta(0.9, 1e-4),
    lr: constant(1),
  },
];

function runReference(c: Case, init: Vec[], grads: Vec[][]): { params: Vec[]; ref: Reference } {
  const ref = c.ref();
  const params = init.map((v) => [...v]);
  grads.forEach((g, t) => {
    ref.step(params, c.clip ? refClip(g, c.clip) : g, c.lr(t));
  });
  return { params, ref };
}

describe('each optimizer matches its float64 reference over 5 steps', () => {
  it.each(cases)('$title', (c) => {
    const { init, grads } = problem(42);
    const glia = runGlia(c.make(), init, grads);
    const { params, ref } = runReference(c, init, grads);
    // relative to max(|value|, 1), the parameters' scale: float32 rounds p + Δ to ~6e-8 of |p|
    expect(maxRelDiff(glia.params, params, 1)).toBeLessThan(1e-6);
    // moved well away from the start, so the comparison is not vacuous
    expect(maxRelDiff(init, params)).toBeGreaterThan(1e-3);
    expect(glia.weights.iter).toEqual([5]);
    const slotNames = Object.keys(ref.slots);
    expect(Object.keys(glia.weights).sort()).toEqual(
      ['iter', ...slotNames.flatMap((s) => NAMES.map((n) => `${n}/${s}`))].sort(),
    );
    for (const s of slotNames) {
      const ours = NAMES.map((n) => glia.weights[`${n}/${s}`]!);
      expect(maxRelDiff(ours, ref.slots[s]!, 1e-6), s).toBeLessThan(1e-5);
    }
  });
});

describe('the differences the references pin down', () => {
  it("Keras's ε placement in Adam differs from TF.js's by more than the tolerance when ε is large", () => {
    const { init, grads } = problem(42);
    const run = (variant: 'keras' | 'tfjs') => {
      const c = cases.find((k) => k.title.startsWith('adam, β 0.8'))!;
      return runReference(
        { ...c, ref: () => new RefAdam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-2, variant }) },
        init,
        grads,
      ).params;
    };
    expect(maxRelDiff(run('keras'), run('tfjs'))).toBeGreaterThan(1e-4);
  });

  it('sgd({ momentum }) and momentum() agree at a constant rate and differ under a schedule', () => {
    const { init, grads } = problem(7);
    const a = runGlia(sgd({ learningRate: 0.1, momentum: 0.9 }), init, grads).params;
    const b = runGlia(momentum(0.1, 0.9), init, grads).params;
    expect(maxRelDiff(a, b, 1)).toBeLessThan(1e-6);
    const c = runGlia(sgd({ learningRate: halving, momentum: 0.9 }), init, grads).params;
    const d = runGlia(momentum({ learningRate: halving, momentum: 0.9 }), init, grads).params;
    expect(maxRelDiff(c, d)).toBeGreaterThan(1e-3);
  });
});

describe('what each declaration derives', () => {
  // Keras 3's get_config keys and defaults (TF.js's for Momentum, and RMSProp's `decay`, which TF.js
  // reads in place of `rho`), with the base keys Glia writes only when set left out.
  const defaults: [Optimizer, Record<string, unknown>][] = [
    [sgd(), { learning_rate: 0.01, momentum: 0, nesterov: false }],
    [momentum(), { learning_rate: 0.01, momentum: 0.9, use_nesterov: false }],
    [adam(), { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false }],
    [
      adamW(),
      {
        learning_rate: 0.001,
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
        weight_decay: 0.004,
      },
    ],
    [adamax(), { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 }],
    [
      rmsprop(),
      { learning_rate: 0.001, rho: 0.9, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false },
    ],
    [adagrad(), { learning_rate: 0.001, initial_accumulator_value: 0.1, epsilon: 1e-7 }],
    [adadelta(), { learning_rate: 0.001, rho: 0.95, epsilon: 1e-7 }],
  ];
  it.each(defaults.map(([opt, config]) => [opt.className, opt, config] as const))(
    '%s: the config of the defaults',
    (_, opt, config) => {
      expect(opt.getConfig()).toEqual(config);
    },
  );

  it('positional arguments land on the options in TF.js order; undefined takes the default', () => {
    expect(adamW(0.01, 0.1, 0.8, undefined, 1e-3).getConfig()).toMatchObject({
      learning_rate: 0.01,
      weight_decay: 0.1,
      beta_1: 0.8,
      beta_2: 0.999,
      epsilon: 1e-3,
    });
    const r = rmsprop(0.01, 0.5, 0.2, 1e-4, true);
    expect([r.rho, r.momentum, r.epsilon, r.centered]).toEqual([0.5, 0.2, 1e-4, true]);
    const a = adagrad(0.2, 0.3);
    expect([a.learningRate, a.initialAccumulatorValue, a.epsilon]).toEqual([0.2, 0.3, 1e-7]);
  });

  it('the checks name the class, AdamW included, and run in declaration order', () => {
    expect(() => adamW({ beta2: 1 })).toThrow(
      new ValueError('AdamW: beta2 is 1: expected a finite number >= 0 and < 1'),
    );
    expect(() => adagrad({ initialAccumulatorValue: -1, epsilon: -1 })).toThrow(
      new ValueError('Adagrad: initialAccumulatorValue is -1: expected a finite number >= 0'),
    );
    expect(() => rmsprop({ centered: 1 as never })).toThrow(
      new ValueError('RMSProp: centered is 1: expected true or false'),
    );
  });
});
