// Merge layers: values against hand-computed references, gradients against central differences,
// and shape errors that name both inputs.
import { checkGradient } from '@glia/autograd';
import { dispose, memory, type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { input } from '../../engine/input-layer';
import { resetLayerNames } from '../../engine/naming';
import { dense } from '../index';
import { expectClose, randomTensor, useCpu } from '../test-support';
import {
  add,
  average,
  Concatenate,
  concatenate,
  Dot,
  dot,
  maximum,
  minimum,
  multiply,
  subtract,
} from './index';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const a = () =>
  tensor([
    [1, -2, 3],
    [0.5, 4, -1],
  ]);
const b = () =>
  tensor([
    [2, 1, -3],
    [1.5, -4, 2],
  ]);
const c = () =>
  tensor([
    [0, 5, 1],
    [-1, 0, 0],
  ]);

describe('element-wise merges', () => {
  const cases: [string, () => { apply(x: Tensor[]): Tensor }, number[]][] = [
    ['add', () => add(), [3, 4, 1, 1, 0, 1]],
    ['subtract', () => subtract(), [-1, -3, 6, -1, 8, -3]],
    ['multiply', () => multiply(), [0, -10, -9, -0.75, 0, 0]],
    ['average', () => average(), [1, 4 / 3, 1 / 3, 1 / 3, 0, 1 / 3]],
    ['maximum', () => maximum(), [2, 5, 3, 1.5, 4, 2]],
    ['minimum', () => minimum(), [0, -2, -3, -1, -4, -1]],
  ];
  for (const [name, make, expected] of cases) {
    it(`${name}: values and gradients`, () => {
      const layer = make();
      const inputs = name === 'subtract' ? [a(), b()] : [a(), b(), c()];
      const before = memory().numTensors;
      const out = layer.apply(inputs);
      expectClose(out, expected);
      out.dispose();
      expect(memory().numTensors).toBe(before);
      // Maximum and minimum need inputs away from ties for finite differences.
      const xs = inputs.map((_, i) => randomTensor([2, 3], 10 + i));
      const { ok, message } = checkGradient((...ts) => layer.apply(ts), xs, {
        epsilon: 1e-3,
        tolerance: 1e-2,
      });
      expect(message).toBe('');
      expect(ok).toBe(true);
      dispose([...inputs, ...xs]);
    });
  }

  it('broadcast a dimension of 1', () => {
    const x = tensor([[1], [2]]);
    const y = a();
    const out = add().apply([x, y]);
    expectClose(out, [2, -1, 4, 2.5, 6, 1]);
    dispose([x, y, out]);
  });

  it('name both inputs when shapes differ', () => {
    const p = input({ shape: [4], name: 'left' });
    const q = input({ shape: [5], name: 'right' });
    expect(() => add({ name: 'sum' }).apply([p, q])).toThrow(
      /Add 'sum': inputs 'left' \(None, 4\) and 'right' \(None, 5\) have incompatible shapes/,
    );
    const x = tensor([[1, 2]]);
    const y = tensor([[1, 2, 3]]);
    expect(() => multiply().apply([x, y])).toThrow(
      /Multiply 'multiply': inputs 0 \(1, 2\) and 1 \(1, 3\) have incompatible shapes/,
    );
    expect(() => subtract().apply([x, x, x])).toThrow(/got 3 inputs: it takes a list of 2 tensors/);
    expect(() => add().apply(x)).toThrow(/apply it to an array/);
    dispose([x, y]);
  });

  it('infer symbolic shapes, None included', () => {
    const p = input({ shape: [null, 3] });
    const q = input({ shape: [7, 3] });
    expect(maximum().apply([p, q]).shape).toEqual([null, 7, 3]);
  });
});

describe('Concatenate', () => {
  it('joins along the last axis by default, or along axis', () => {
    const x = a();
    const y = tensor([[9], [8]]);
    const out = concatenate().apply([x, y]);
    expectClose(out, [1, -2, 3, 9, 0.5, 4, -1, 8]);
    const rows = concatenate({ axis: 1 }).apply([tensor([[[1, 2]]]), tensor([[[3, 4]]])]);
    expect(rows.shape).toEqual([1, 2, 2]);
    expectClose(rows, [1, 2, 3, 4]);
    dispose([x, y, out, rows]);
  });

  it('gradients', () => {
    const layer = concatenate({ axis: -1 });
    const xs = [randomTensor([2, 2, 3], 1), randomTensor([2, 2, 2], 2)];
    const { ok, message } = checkGradient((...ts) => layer.apply(ts), xs);
    expect(message).toBe('');
    expect(ok).toBe(true);
    dispose(xs);
  });

  it('symbolic shapes and errors naming both inputs', () => {
    const p = input({ shape: [4, 4, 8], name: 'decoder' });
    const q = input({ shape: [4, 4, 16], name: 'encoder' });
    expect(concatenate().apply([p, q]).shape).toEqual([null, 4, 4, 24]);
    const r = input({ shape: [8, 8, 16], name: 'big' });
    expect(() => concatenate({ name: 'skip' }).apply([p, r])).toThrow(
      /Concatenate 'skip': inputs 'decoder' \(None, 4, 4, 8\) and 'big' \(None, 8, 8, 16\) cannot be concatenated on axis -1/,
    );
    expect(() => concatenate({ axis: 0 }).apply([p, q])).toThrow(/axis 0 is out of range/);
  });

  it('round-trips its config', () => {
    const layer = Concatenate.fromConfig({ axis: 2, name: 'cat' });
    expect(layer.getConfig()).toMatchObject({ axis: 2, name: 'cat' });
    expect(() => Concatenate.fromConfig({ axis: 1, foo: 1 })).toThrow(/unknown config field 'foo'/);
  });
});

describe('Dot', () => {
  it('rank 2: per-example dot products, and cosine similarity with normalize', () => {
    const x = tensor([
      [1, 2, 3],
      [1, 0, 0],
    ]);
    const y = tensor([
      [4, 5, 6],
      [0, 3, 4],
    ]);
    const out = dot({ axes: 1 }).apply([x, y]);
    expect(out.shape).toEqual([2, 1]);
    expectClose(out, [32, 0]);
    const cos = dot({ axes: -1, normalize: true }).apply([x, y]);
    expectClose(cos, [32 / (Math.sqrt(14) * Math.sqrt(77)), 0]);
    dispose([x, y, out, cos]);
  });

  it('rank 3: contracts the chosen axes (Keras batch_dot)', () => {
    // x [1, 2, 3], y [1, 2, 2]; axes 1: out[m, k] = sum_n x[n, m] y[n, k].
    const x = tensor([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    const y = tensor([
      [
        [1, 0],
        [0, 1],
      ],
    ]);
    const out = dot({ axes: 1 }).apply([x, y]);
    expect(out.shape).toEqual([1, 3, 2]);
    expectClose(out, [1, 4, 2, 5, 3, 6]);
    // axes [2, 2]: out[m, k] = sum_n x[m, n] z[k, n].
    const z = tensor([
      [
        [1, 1, 1],
        [0, 1, 0],
      ],
    ]);
    const out2 = dot({ axes: [2, 2] }).apply([x, z]);
    expectClose(out2, [6, 2, 15, 5]);
    dispose([x, y, z, out, out2]);
  });

  for (const [axes, shapes] of [
    [
      1,
      [
        [2, 3],
        [2, 3],
      ],
    ],
    [
      [1, 2],
      [
        [2, 3, 2],
        [2, 4, 3],
      ],
    ],
    [
      [2, 1],
      [
        [2, 3, 2],
        [2, 2, 4],
      ],
    ],
  ] as [number | [number, number], number[][]][]) {
    it(`gradients, axes ${JSON.stringify(axes)}, normalize too`, () => {
      const xs = shapes.map((s, i) => randomTensor(s, 20 + i));
      for (const normalize of [false, true]) {
        const layer = dot({ axes, normalize });
        const { ok, message } = checkGradient((...ts) => layer.apply(ts), xs);
        expect(message).toBe('');
        expect(ok).toBe(true);
      }
      dispose(xs);
    });
  }

  it('errors name both inputs', () => {
    const p = input({ shape: [5], name: 'query' });
    const q = input({ shape: [6], name: 'key' });
    expect(() => dot({ axes: 1, name: 'score' }).apply([p, q])).toThrow(
      /Dot 'score': inputs 'query' \(None, 5\) and 'key' \(None, 6\) differ on the contracted axes/,
    );
    expect(() => dot({ axes: 'x' } as never)).toThrow(/axes must be an integer or a pair/);
    expect(Dot.fromConfig({ axes: [1, 1], normalize: true }).getConfig()).toMatchObject({
      axes: [1, 1],
      normalize: true,
    });
  });

  it('trains in a model (a two-tower similarity)', async () => {
    const { model } = await import('../../model/layers-model');
    const u = input({ shape: [3] });
    const v = input({ shape: [3] });
    const tower = dense({ units: 4 });
    const score = dot({ axes: 1, normalize: true }).apply([tower.apply(u), tower.apply(v)]);
    const net = model({ inputs: [u, v], outputs: score });
    net.compile({ optimizer: 'adam', loss: 'mse' });
    const x1 = randomTensor([8, 3], 1);
    const x2 = randomTensor([8, 3], 2);
    const y = tensor(
      Float32Array.from({ length: 8 }, (_, i) => (i % 2 ? 1 : -1)),
      [8, 1],
    );
    const history = await net.fit([x1, x2], y, { epochs: 20, verbose: 0, batchSize: 8 });
    expect(history.history.loss!.at(-1)!).toBeLessThan(history.history.loss![0]!);
    dispose([x1, x2, y]);
    net.dispose();
  });
});
