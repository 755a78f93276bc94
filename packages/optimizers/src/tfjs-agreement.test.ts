/**
 * Agreement with TF.js 4.22 (`tf.train.*`, its CPU backend) on the same 5 steps, and where the two
 * differ, proof that the difference is exactly the documented one: TF.js then matches a float64
 * reimplementation of *its* formula. Also: optimizer state saved by one restores in the other, and
 * TF.js reads the configs Glia writes.
 */
import { type Tensor, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Optimizer } from './optimizer';
import { adadelta } from './optimizers/adadelta';
import { adagrad } from './optimizers/adagrad';
import { adam } from './optimizers/adam';
import { adamax } from './optimizers/adamax';
import { momentum } from './optimizers/momentum';
import { rmsprop } from './optimizers/rmsprop';
import { sgd } from './optimizers/sgd';
import { optimizerFromConfig } from './registry';
import { maxRelDiff, NAMES, problem, runGlia, SHAPES } from './test-support/harness';
import {
  RefAdadelta,
  RefAdam,
  type Reference,
  RefRMSProp,
  type Vec,
} from './test-support/reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const agreement: string[] = [];
afterAll(() => {
  console.log(`Glia vs TF.js after 5 steps (max |Δ| / max(|p|, 1)):\n${agreement.join('\n')}`);
});

let unique = 0;
function tfVariables(init: Vec[]): { names: string[]; vars: tf.Variable[] } {
  const prefix = `t${unique++}`;
  const names = NAMES.map((n) => `${prefix}_${n}`);
  const vars = init.map((v, j) => tf.variable(tf.tensor(v, [...SHAPES[j]!]), true, names[j]));
  return { names, vars };
}

function tfSteps(opt: tf.Optimizer, names: string[], grads: Vec[][]): void {
  for (const step of grads) {
    const gs = step.map((g, j) => tf.tensor(g, [...SHAPES[j]!]));
    opt.applyGradients(names.map((name, j) => ({ name, tensor: gs[j]! })));
    tf.dispose(gs);
  }
}

/** Glia's steps on `params` (tensors it updates in place), as `tfSteps` takes TF.js's. */
function gliaSteps(opt: Optimizer, names: string[], params: Tensor[], grads: Vec[][]): void {
  for (const step of grads) {
    const gs = step.map((g, j) => tensor(g, SHAPES[j]));
    opt.applyGradients(names.map((name, j) => ({ name, param: params[j]!, grad: gs[j]! })));
    for (const t of gs) t.dispose();
  }
}

/** The largest relative difference between Glia's parameters and TF.js's variables. */
function paramDiff(params: Tensor[], vars: tf.Variable[]): number {
  return maxRelDiff(
    params.map((t) => Array.from(t.dataSync())),
    vars.map((v) => Array.from(v.dataSync())),
    1,
  );
}

/** TF.js's parameters after `grads`. */
function runTfjs(opt: tf.Optimizer, init: Vec[], grads: Vec[][]): Vec[] {
  const { names, vars } = tfVariables(init);
  tfSteps(opt, names, grads);
  const out = vars.map((v) => Array.from(v.dataSync()));
  tf.dispose(vars);
  opt.dispose();
  return out;
}

function runRef(ref: Reference, init: Vec[], grads: Vec[][], lr: number): Vec[] {
  const params = init.map((v) => [...v]);
  for (const g of grads) ref.step(params, g, lr);
  return params;
}

interface Agreeing {
  title: string;
  /** Default 1e-6. */
  tolerance?: number;
  glia: () => Optimizer;
  tfjs: () => tf.Optimizer;
}

const agreeing: Agreeing[] = [
  { title: 'sgd(0.1)', glia: () => sgd(0.1), tfjs: () => tf.train.sgd(0.1) },
  {
    title: 'momentum(0.1, 0.9)',
    glia: () => momentum(0.1, 0.9),
    tfjs: () => tf.train.momentum(0.1, 0.9),
  },
  {
    title: 'momentum(0.1, 0.9, nesterov)',
    glia: () => momentum(0.1, 0.9, true),
    tfjs: () => tf.train.momentum(0.1, 0.9, true),
  },
  {
    title: 'sgd({ momentum: 0.9, nesterov }) vs tf momentum',
    glia: () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
    tfjs: () => tf.train.momentum(0.1, 0.9, true),
  },
  {
    // Keras's ε̂ = ε·√(1 - β₂ᵗ) is 30× ε at t = 1: visible on the smallest gradients, hence 1e-5.
    title: 'adam(0.01), ε 1e-7',
    tolerance: 1e-5,
    glia: () => adam(0.01),
    tfjs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7),
  },
  {
    title: 'adamax(0.01)',
    glia: () => adamax(0.01),
    tfjs: () => tf.train.adamax(0.01, 0.9, 0.999, 1e-7, 0),
  },
  {
    title: 'rmsprop(0.01)',
    glia: () => rmsprop(0.01),
    tfjs: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7, false),
  },
  {
    title: 'rmsprop(0.01, ρ 0.8, momentum 0.5)',
    glia: () => rmsprop(0.01, 0.8, 0.5),
    tfjs: () => tf.train.rmsprop(0.01, 0.8, 0.5, 1e-7, false),
  },
  {
    title: 'adagrad(0.1, 0.1)',
    glia: () => adagrad(0.1, 0.1),
    tfjs: () => tf.train.adagrad(0.1, 0.1),
  },
];

describe('agrees with TF.js', () => {
  it.each(agreeing)('$title', ({ title, glia, tfjs, tolerance = 1e-6 }) => {
    const { init, grads } = problem(3);
    const ours = runGlia(glia(), init, grads).params;
    const theirs = runTfjs(tfjs(), init, grads);
    const diff = maxRelDiff(ours, theirs, 1);
    agreement.push(`  ${title}: ${diff.toExponential(1)}`);
    expect(diff).toBeLessThan(tolerance);
  });
});

describe('differs from TF.js exactly where documented', () => {
  const cases = [
    {
      title: 'adam, ε 1e-2: ε on √v (Keras) vs on √v̂ (TF.js)',
      glia: () => adam(0.01, 0.9, 0.999, 1e-2),
      tfjs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-2),
      tfjsRef: () => new RefAdam({ epsilon: 1e-2, variant: 'tfjs' }),
      lr: 0.01,
    },
    {
      title: 'rmsprop centered: √(rms - mg² + ε) (Keras) vs √(rms - mg² - ε) (TF.js)',
      glia: () => rmsprop({ learningRate: 0.01, centered: true, epsilon: 1e-6 }),
      tfjs: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-6, true),
      tfjsRef: () => new RefRMSProp({ centered: true, epsilon: 1e-6, variant: 'tfjs' }),
      lr: 0.01,
    },
    {
      title: 'adadelta: TF.js divides by the accumulator before this gradient',
      glia: () => adadelta(1),
      tfjs: () => tf.train.adadelta(1, 0.95, 1e-7),
      tfjsRef: () => new RefAdadelta(0.95, 1e-7, 'tfjs'),
      lr: 1,
    },
  ];
  it.each(cases)('$title', ({ title, glia, tfjs, tfjsRef, lr }) => {
    const { init, grads } = problem(3);
    const ours = runGlia(glia(), init, grads).params;
    const theirs = runTfjs(tfjs(), init, grads);
    const diff = maxRelDiff(ours, theirs, 1);
    const tfjsVsItsFormula = maxRelDiff(theirs, runRef(tfjsRef(), init, grads, lr), 1);
    agreement.push(
      `  ${title}: ${diff.toExponential(1)} (TF.js vs its own formula: ${tfjsVsItsFormula.toExponential(1)})`,
    );
    expect(diff).toBeGreaterThan(1e-5);
    expect(tfjsVsItsFormula).toBeLessThan(1e-6);
  });
});

it('centered RMSProp: TF.js takes √ of a negative number on a tiny first gradient; Glia does not', () => {
  const init = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1], [1]];
  const grads = [[[1e-4, 0.1, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1], [0.1]]];
  const ours = runGlia(rmsprop({ learningRate: 0.01, centered: true }), init, grads).params;
  const theirs = runTfjs(tf.train.rmsprop(0.01, 0.9, 0, 1e-7, true), init, grads);
  expect(Number.isNaN(theirs[0]![0])).toBe(true);
  expect(ours.flat().every(Number.isFinite)).toBe(true);
});

describe('optimizer state moves between Glia and TF.js', () => {
  const pairs = [
    { title: 'Adam', glia: () => adam(0.01), tfjs: () => tf.train.adam(0.01, 0.9, 0.999, 1e-7) },
    { title: 'Momentum', glia: () => momentum(0.1, 0.9), tfjs: () => tf.train.momentum(0.1, 0.9) },
    {
      title: 'RMSProp (TF.js saves momentum even at 0)',
      glia: () => rmsprop(0.01),
      tfjs: () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7, false),
    },
    { title: 'Adagrad', glia: () => adagrad(0.1), tfjs: () => tf.train.adagrad(0.1) },
  ];

  it.each(pairs)('$title: TF.js → Glia, then one more step agrees', async ({ glia, tfjs }) => {
    const { init, grads } = problem(11, 4);
    const tfOpt = tfjs();
    const { names, vars } = tfVariables(init);
    tfSteps(tfOpt, names, grads.slice(0, 3));
    const saved = await tfOpt.getWeights();
    const params = vars.map((v) => Array.from(v.dataSync()));
    // Glia's parameter names are the TF.js variable names here, so slot names line up.
    const ours = glia();
    const weights = saved.map((w) => ({
      name: w.name,
      tensor: tensor(w.tensor.dataSync(), w.tensor.shape, w.tensor.dtype as 'float32' | 'int32'),
    }));
    ours.setWeights(weights);
    for (const w of weights) w.tensor.dispose();
    expect(ours.iterations).toBe(3);
    const p = params.map((v, j) => tensor(v, SHAPES[j]));
    gliaSteps(ours, names, p, grads.slice(3));
    tfSteps(tfOpt, names, grads.slice(3));
    expect(paramDiff(p, vars)).toBeLessThan(1e-6);
    for (const t of p) t.dispose();
    ours.dispose();
    tf.dispose([...vars, ...saved.map((w) => w.tensor)]);
    tfOpt.dispose();
  });

  it.each(pairs.filter((p) => !p.title.startsWith('RMSProp')))(
    '$title: Glia → TF.js, then one more step agrees',
    async ({ glia, tfjs }) => {
      const { init, grads } = problem(12, 4);
      const { names, vars } = tfVariables(init);
      const ours = glia();
      const p = init.map((v, j) => tensor(v, SHAPES[j]));
      gliaSteps(ours, names, p, grads.slice(0, 3));
      const saved = ours.getWeights();
      const tfOpt = tfjs();
      await tfOpt.setWeights(
        saved.map((w) => ({
          name: w.name,
          tensor: tf.tensor(
            w.tensor.dataSync(),
            [...w.tensor.shape],
            w.tensor.dtype as 'float32' | 'int32',
          ),
        })),
      );
      vars.forEach((v, j) => {
        v.assign(tf.tensor(Array.from(p[j]!.dataSync()), [...SHAPES[j]!]));
      });
      gliaSteps(ours, names, p, grads.slice(3));
      tfSteps(tfOpt, names, grads.slice(3));
      expect(paramDiff(p, vars)).toBeLessThan(1e-6);
      for (const t of [...p, ...saved.map((w) => w.tensor)]) t.dispose();
      ours.dispose();
      tf.dispose(vars);
      tfOpt.dispose();
    },
  );
});

describe('configs cross over', () => {
  const configs = [
    { glia: () => adam({ learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }) },
    { glia: () => momentum(0.05, 0.8, true) },
    { glia: () => rmsprop({ learningRate: 0.003, rho: 0.8, momentum: 0.1, centered: true }) },
    { glia: () => adagrad(0.2, 0.3) },
    { glia: () => adadelta(0.5, 0.9, 1e-6) },
    { glia: () => adamax(0.004, 0.85, 0.95) },
    { glia: () => sgd(0.3) },
  ];

  it.each(configs)(
    'TF.js loads a model whose training_config Glia wrote (%#)',
    async ({ glia }) => {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
      let artifacts: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (a) => {
          artifacts = a;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const ours = glia();
      const loaded = await tf.loadLayersModel(
        tf.io.fromMemory({
          ...artifacts!,
          trainingConfig: {
            loss: 'mean_squared_error',
            metrics: [],
            optimizer_config: { class_name: ours.className, config: ours.getConfig() },
          } as never,
        }),
      );
      const theirs = loaded.optimizer as tf.Optimizer;
      expect(theirs.getClassName()).toBe(ours.className);
      const tfConfig = theirs.getConfig() as Record<string, unknown>;
      // TF.js's own names for the same hyperparameters
      const expected: Record<string, unknown> = { learningRate: ours.learningRate };
      for (const [k, v] of Object.entries(ours.getConfig())) {
        const camel = k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
        if (camel in tfConfig) expected[camel] = v;
      }
      if (ours.className === 'RMSProp') expect(tfConfig.decay).toBe(ours.getConfig().rho);
      expect(tfConfig).toMatchObject(expected);
      // and Glia reads TF.js's camelCase config back to the same optimizer
      const back = optimizerFromConfig(theirs.getClassName(), tfConfig);
      for (const [k, v] of Object.entries(back.getConfig())) {
        if (k !== 'amsgrad' && k !== 'nesterov') expect(ours.getConfig()[k], k).toEqual(v);
      }
      model.dispose();
      loaded.dispose();
    },
  );
});
