/**
 * What every optimizer shares: in-place updates, memory, saved state, the learning rate, and errors
 * that name the optimizer, the parameter, the shapes and dtypes, and change nothing.
 */
import {
  DisposedError,
  DTypeError,
  memory,
  ShapeError,
  scalar,
  type Tensor,
  tensor,
  tidy,
  ValueError,
  zeros,
} from '@glia/core';
import { describe, expect, it } from 'vitest';
import type { Optimizer } from './optimizer';
import { adadelta } from './optimizers/adadelta';
import { adagrad } from './optimizers/adagrad';
import { adam } from './optimizers/adam';
import { adamax } from './optimizers/adamax';
import { adamW } from './optimizers/adamw';
import { momentum } from './optimizers/momentum';
import { rmsprop } from './optimizers/rmsprop';
import { sgd } from './optimizers/sgd';
import { optimizerFromConfig } from './registry';
import { cosineDecay } from './schedules';
import { NAMES, problem, SHAPES } from './test-support/harness';
import type { Vec } from './test-support/reference';

const values = (t: Tensor) => Array.from(t.dataSync());

const all: [string, () => Optimizer][] = [
  ['sgd', () => sgd(0.1)],
  ['sgd + momentum', () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
  ['momentum', () => momentum(0.1, 0.9)],
  ['adam, AMSGrad, schedule', () => adam({ learningRate: cosineDecay(0.01, 10), amsgrad: true })],
  ['adamax', () => adamax(0.01)],
  ['adamW, global clip', () => adamW({ learningRate: 0.01, weightDecay: 0.1, globalClipNorm: 1 })],
  [
    'rmsprop, centered, momentum',
    () => rmsprop({ learningRate: 0.01, momentum: 0.5, centered: true }),
  ],
  ['adagrad', () => adagrad(0.1)],
  ['adadelta', () => adadelta(1)],
];

function makeParams(init: Vec[]): Tensor[] {
  return init.map((v, j) => tensor(v, SHAPES[j]));
}

function step(opt: Optimizer, params: Tensor[], grads: Vec[]): void {
  const gs = grads.map((g, j) => tensor(g, SHAPES[j]));
  opt.applyGradients(params.map((param, j) => ({ name: NAMES[j]!, param, grad: gs[j]! })));
  for (const g of gs) g.dispose();
}

describe('memory', () => {
  it.each(all)('%s: slots on the first step, nothing after; dispose frees them', (_, make) => {
    const opt = make();
    const { init, grads } = problem(1);
    const params = makeParams(init);
    const start = memory().numTensors;
    step(opt, params, grads[0]!);
    const saved = opt.getWeights();
    const slots = saved.length - 1;
    for (const w of saved) w.tensor.dispose();
    expect(memory().numTensors).toBe(start + slots);
    for (const g of grads.slice(1)) step(opt, params, g);
    expect(memory().numTensors).toBe(start + slots);
    opt.dispose();
    expect(memory().numTensors).toBe(start);
    for (const p of params) p.dispose();
  });

  it("keeps its slots and the new values when called inside the caller's tidy", () => {
    const opt = adam(0.1);
    const x = tensor([1, 2]);
    tidy(() => {
      opt.applyGradients([{ name: 'x', param: x, grad: tensor([1, 1]) }]);
    });
    expect(x.isDisposed).toBe(false);
    expect(values(x)[0]).toBeCloseTo(0.9, 6);
    tidy(() => {
      opt.applyGradients([{ name: 'x', param: x, grad: tensor([1, 1]) }]);
    });
    expect(values(x)[0]).toBeCloseTo(0.8, 5);
    opt.dispose();
    x.dispose();
  });

  it('updates in place: the same handle, a new value', () => {
    const opt = sgd(0.5);
    const x = tensor([1, 2]);
    const id = x.id;
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([2, 2]) }]);
    expect(x.id).toBe(id);
    expect(values(x)).toEqual([0, 1]);
  });
});

describe('getWeights / setWeights', () => {
  it('lists iter (int32 scalar) first, then slots as TF.js does: all m, then all v', () => {
    const opt = adam();
    const [a, b] = [zeros([2]), zeros([3])];
    opt.applyGradients([
      { name: 'a', param: a, grad: tensor([1, 1]) },
      { name: 'b', param: b, grad: tensor([1, 1, 1]) },
    ]);
    const weights = opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'a/m', 'b/m', 'a/v', 'b/v']);
    expect(weights[0]!.tensor.dtype).toBe('int32');
    expect(weights[0]!.tensor.shape).toEqual([]);
    expect(values(weights[1]!.tensor)).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.1, 6)]);
  });

  it('returns copies: disposing them leaves the optimizer working', () => {
    const opt = adagrad(0.1);
    const x = tensor([1]);
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([1]) }]);
    for (const w of opt.getWeights()) w.tensor.dispose();
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([1]) }]);
    expect(opt.iterations).toBe(2);
  });

  it.each(all)(
    '%s: a fresh optimizer from getConfig + setWeights takes the identical next steps',
    (_, make) => {
      const { init, grads } = problem(5, 6);
      const original = make();
      const params = makeParams(init);
      for (const g of grads.slice(0, 3)) step(original, params, g);
      const saved = original.getWeights();
      const restored = optimizerFromConfig(
        original.className,
        JSON.parse(JSON.stringify(original.getConfig())),
      );
      restored.setWeights(saved);
      for (const w of saved) w.tensor.dispose(); // setWeights kept its own copies
      expect(restored.iterations).toBe(3);
      expect(restored.learningRate).toBe(original.learningRate);
      const copies = params.map((p) => tensor(p.dataSync(), p.shape));
      for (const g of grads.slice(3)) {
        step(original, params, g);
        step(restored, copies, g);
      }
      params.forEach((p, j) => {
        expect(values(copies[j]!)).toEqual(values(p));
      });
    },
  );

  it('checks names, dtypes, shapes and completeness, and changes nothing when it throws', () => {
    const opt = adam(0.1);
    const x = tensor([1, 2]);
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([1, 1]) }]);
    const iter = scalar(7, 'int32');
    const m = zeros([2]);
    const v = zeros([2]);
    expect(() =>
      opt.setWeights([
        { name: 'x/m', tensor: m },
        { name: 'x/v', tensor: v },
      ]),
    ).toThrow(/Adam.setWeights: no 'iter' weight/);
    expect(() =>
      opt.setWeights([
        { name: 'iter', tensor: iter },
        { name: 'x/momentum', tensor: m },
      ]),
    ).toThrow(
      /Adam.setWeights: unexpected weight 'x\/momentum': expected 'iter' and names of the form '<parameter>\/<slot>' with slot one of m, v/,
    );
    expect(() =>
      opt.setWeights([
        { name: 'iter', tensor: iter },
        { name: 'x/m', tensor: m },
      ]),
    ).toThrow(/Adam.setWeights: parameter 'x' lacks state 'x\/v'/);
    expect(() =>
      opt.setWeights([
        { name: 'iter', tensor: iter },
        { name: 'x/m', tensor: m },
        { name: 'x/v', tensor: zeros([3]) },
      ]),
    ).toThrow(ShapeError);
    expect(() =>
      opt.setWeights([
        { name: 'iter', tensor: iter },
        { name: 'x/m', tensor: tensor([1, 2], [2], 'int32') },
        { name: 'x/v', tensor: v },
      ]),
    ).toThrow(/Adam.setWeights: 'x\/m' has dtype int32: expected float32/);
    expect(() => opt.setWeights([{ name: 'iter', tensor: scalar(-1) }])).toThrow(
      /'iter' is -1: expected a whole number >= 0/,
    );
    expect(opt.iterations).toBe(1);
    const before = values(x);
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([1, 1]) }]);
    expect(values(x)).not.toEqual(before);
  });

  it('reports restored state whose shape does not fit the parameter at the next step', () => {
    const opt = adam(0.1);
    opt.setWeights([
      { name: 'iter', tensor: scalar(3, 'int32') },
      { name: 'w/m', tensor: zeros([3]) },
      { name: 'w/v', tensor: zeros([3]) },
    ]);
    const w = zeros([2]);
    expect(() => opt.applyGradients([{ name: 'w', param: w, grad: tensor([1, 1]) }])).toThrow(
      /Adam.applyGradients: parameter 'w' has shape \[2\] but its state 'w\/m' has shape \[3\]/,
    );
    expect(opt.iterations).toBe(3);
  });

  it('handles parameter names that contain slashes', () => {
    const opt = rmsprop({ learningRate: 0.1, momentum: 0.5 });
    const x = zeros([1]);
    opt.applyGradients([{ name: 'model/dense_1/kernel', param: x, grad: tensor([1]) }]);
    const saved = opt.getWeights();
    expect(saved.map((w) => w.name)).toEqual([
      'iter',
      'model/dense_1/kernel/rms',
      'model/dense_1/kernel/momentum',
    ]);
    const other = rmsprop({ learningRate: 0.1, momentum: 0.5 });
    other.setWeights(saved);
    expect(other.getWeights().map((w) => w.name)).toEqual(saved.map((w) => w.name));
  });
});

describe('learning rate and iterations', () => {
  it('is settable (ReduceLROnPlateau) and validated', () => {
    const opt = adam(0.01);
    opt.learningRate = 0.001;
    expect(opt.learningRate).toBe(0.001);
    expect(opt.getConfig().learning_rate).toBe(0.001);
    expect(() => {
      opt.learningRate = Number.NaN;
    }).toThrow(/Adam: learningRate is NaN: expected a finite number >= 0/);
  });

  it('counts steps; an empty list is a no-op', () => {
    const opt = sgd();
    opt.applyGradients([]);
    expect(opt.iterations).toBe(0);
    opt.applyGradients([{ name: 'x', param: zeros([1]), grad: tensor([1]) }]);
    expect(opt.iterations).toBe(1);
  });
});

describe('weight decay', () => {
  it('sgd with weightDecay (Keras 3 base): p - p·wd·lr - lr·g', () => {
    const opt = sgd({ learningRate: 0.1, weightDecay: 0.5 });
    const x = tensor([2]);
    opt.applyGradients([{ name: 'x', param: x, grad: tensor([1]) }]);
    expect(values(x)[0]).toBeCloseTo(2 - 2 * 0.5 * 0.1 - 0.1, 6);
  });

  it('excludeFromWeightDecay leaves matching parameters undecayed', () => {
    const run = (exclude: boolean) => {
      const opt = adamW(0.1, 0.5);
      if (exclude) opt.excludeFromWeightDecay(['bias', /^norm/]);
      const ps = [tensor([1]), tensor([1]), tensor([1])];
      opt.applyGradients(
        ['dense/kernel', 'dense/bias', 'norm/gamma'].map((name, i) => ({
          name,
          param: ps[i]!,
          grad: tensor([1]),
        })),
      );
      return ps.map((p) => values(p)[0]!);
    };
    const [k0, b0, n0] = run(false);
    const [k1, b1, n1] = run(true);
    expect(k1).toBe(k0);
    expect(b1).toBeCloseTo(1 - 0.1, 6); // Adam's first step is lr·sign(g)
    expect(n1).toBeCloseTo(1 - 0.1, 6);
    expect(b0).toBeCloseTo(1 - 0.05 - 0.1, 6);
    expect(n0).toBe(b0);
  });
});

describe('errors name the optimizer, the parameter, shapes and dtypes, and change nothing', () => {
  it('a gradient whose shape differs from the parameter', () => {
    const opt = adam();
    expect(() =>
      opt.applyGradients([{ name: 'dense/kernel', param: zeros([3, 2]), grad: zeros([2, 3]) }]),
    ).toThrow(
      new ShapeError(
        "Adam.applyGradients: gradient of 'dense/kernel' has shape [2,3]: expected the parameter's shape [3,2]",
      ),
    );
  });

  it('int32 parameters and gradients', () => {
    const opt = rmsprop();
    expect(() =>
      opt.applyGradients([{ name: 'step', param: zeros([1], 'int32'), grad: zeros([1], 'int32') }]),
    ).toThrow(
      new DTypeError(
        "RMSProp.applyGradients: parameter 'step' has dtype int32: expected float32 (only float parameters can be trained)",
      ),
    );
    expect(() =>
      opt.applyGradients([{ name: 'w', param: zeros([1]), grad: zeros([1], 'int32') }]),
    ).toThrow(/RMSProp.applyGradients: gradient of 'w' has dtype int32: expected float32/);
  });

  it('duplicate names, missing gradients, disposed tensors', () => {
    const opt = sgd();
    const x = zeros([1]);
    expect(() =>
      opt.applyGradients([
        { name: 'x', param: x, grad: tensor([1]) },
        { name: 'x', param: zeros([1]), grad: tensor([1]) },
      ]),
    ).toThrow(/SGD.applyGradients: parameter 'x' appears twice in one step/);
    expect(() =>
      opt.applyGradients([{ name: 'x', param: x, grad: null as unknown as Tensor }]),
    ).toThrow(/SGD.applyGradients: parameter 'x': grad is null: expected a Tensor of shape \[1\]/);
    const gone = tensor([1]);
    gone.dispose();
    expect(() => opt.applyGradients([{ name: 'x', param: x, grad: gone }])).toThrow(DisposedError);
  });

  it('one bad update among good ones: no parameter, slot or counter changes, nothing leaks', () => {
    const opt = adam(0.1);
    const good = tensor([1, 2]);
    const bad = tensor([1, 2]);
    const gGood = tensor([1, 1]);
    const gBad = tensor([1, 1, 1]);
    const before = memory().numTensors;
    expect(() =>
      opt.applyGradients([
        { name: 'good', param: good, grad: gGood },
        { name: 'bad', param: bad, grad: gBad },
      ]),
    ).toThrow(ShapeError);
    expect(values(good)).toEqual([1, 2]);
    expect(opt.iterations).toBe(0);
    expect(opt.getWeights().map((w) => w.name)).toEqual(['iter']);
    expect(memory().numTensors).toBe(before + 1); // the iter tensor getWeights just made
  });

  it('bad hyperparameters', () => {
    expect(() => adam(Number.NaN)).toThrow(
      new ValueError('Adam: learningRate is NaN: expected a finite number >= 0'),
    );
    expect(() => sgd({ momentum: -0.1 })).toThrow(
      /SGD: momentum is -0.1: expected a finite number >= 0 and <= 1/,
    );
    expect(() => momentum(0.1, 1.5)).toThrow(/Momentum: momentum is 1.5/);
    expect(() => adam(0.1, 1)).toThrow(/Adam: beta1 is 1: expected a finite number >= 0 and < 1/);
    expect(() => adamW({ weightDecay: -1 })).toThrow(/AdamW: weightDecay is -1/);
    expect(() => rmsprop({ rho: 2 })).toThrow(/RMSProp: rho is 2/);
    expect(() => adagrad(0.1, -1)).toThrow(/Adagrad: initialAccumulatorValue is -1/);
    expect(() => adadelta(0.1, 0.9, -1)).toThrow(/Adadelta: epsilon is -1/);
    expect(() => sgd({ nesterov: 'yes' as unknown as boolean, momentum: 0.9 })).toThrow(
      /SGD: nesterov is 'yes': expected true or false/,
    );
  });

  it('use after dispose', () => {
    const opt = adam();
    opt.dispose();
    expect(() => opt.applyGradients([{ name: 'x', param: zeros([1]), grad: zeros([1]) }])).toThrow(
      /Adam.applyGradients: the optimizer was disposed/,
    );
  });
});
