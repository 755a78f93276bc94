// The recurrent layers' forward pass against float64 loops of the gate equations, their shapes and
// options (returnSequences, returnState, goBackwards, initialState, dropout), and their errors.
import { memory, setSeed, type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../../engine/naming';
import { initializers } from '../../initializers/index';
import {
  GRU,
  gru,
  gruCell,
  LSTM,
  lstm,
  lstmCell,
  type RNN,
  rnn,
  SimpleRNN,
  simpleRNN,
  simpleRNNCell,
} from '../index';
import { expectClose, randomTensor, recurrentWeights, useCpu } from '../test-support';
import {
  allOutputs,
  type CellKind,
  hardSigmoid,
  lastOutputs,
  type ReferenceOptions,
  referenceRecurrent,
} from './reference';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const weightsArgs = (seed: number) => recurrentWeights(seed, 0.6);

/** The layer's reference run on `x`. */
function reference(layer: RNN, x: Tensor, kind: CellKind, extra: Partial<ReferenceOptions> = {}) {
  const cell = layer.cell;
  return referenceRecurrent(
    x.dataSync(),
    x.shape as [number, number, number],
    {
      kernel: cell.kernel!.dataSync(),
      recurrentKernel: cell.recurrentKernel!.dataSync(),
      bias: cell.bias?.dataSync(),
    },
    { kind, units: cell.units, goBackwards: layer.goBackwards, ...extra },
  );
}

const cases: { kind: CellKind; name: string; make: (args: object) => RNN; extra?: object }[] = [
  { kind: 'simpleRNN', name: 'simpleRNN', make: (a) => simpleRNN({ units: 3, ...a }) },
  { kind: 'lstm', name: 'lstm', make: (a) => lstm({ units: 3, ...a }) },
  {
    kind: 'gru',
    name: 'gru (resetAfter)',
    make: (a) => gru({ units: 3, ...a }),
    extra: { resetAfter: true },
  },
  {
    kind: 'gru',
    name: 'gru (resetAfter false)',
    make: (a) => gru({ units: 3, resetAfter: false, ...a }),
    extra: { resetAfter: false },
  },
];

describe('forward values against float64 loops', () => {
  for (const c of cases) {
    it(`${c.name}: last output, every output, backwards`, () => {
      const x = randomTensor([2, 4, 5], 7);
      const last = c.make(weightsArgs(10));
      const y = last.apply(x);
      expect(y.shape).toEqual([2, 3]);
      expectClose(y, lastOutputs(reference(last, x, c.kind, c.extra)), 1e-5);

      const seq = c.make({ ...weightsArgs(10), returnSequences: true });
      const ys = seq.apply(x);
      expect(ys.shape).toEqual([2, 4, 3]);
      expectClose(ys, allOutputs(reference(seq, x, c.kind, c.extra)), 1e-5);

      const back = c.make({ ...weightsArgs(10), returnSequences: true, goBackwards: true });
      const yb = back.apply(x);
      // Keras' goBackwards: the loop runs from the last timestep, outputs in that order.
      expectClose(yb, allOutputs(reference(back, x, c.kind, c.extra)), 1e-5);
      for (const t of [x, y, ys, yb]) t.dispose();
      for (const l of [last, seq, back]) l.dispose();
    });
  }

  it('LSTM gate order i, f, c, o: only the forget block of the bias set changes c by f·c', () => {
    // Zero kernels: z = bias. i = σ(b_i), f = σ(b_f), c' = f·c + i·tanh(b_c), h' = σ(b_o)·tanh(c').
    const b = [0.1, 0.2, 0.3, 0.4];
    const layer = lstm({
      units: 1,
      kernelInitializer: 'zeros',
      recurrentInitializer: 'zeros',
      unitForgetBias: false,
      biasInitializer: initializers.constant({ value: 0 }),
    });
    const x = tensor([[[1], [1]]]);
    layer.apply(x).dispose();
    const bias = tensor(b);
    layer.cell.bias!.assign(bias);
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const c1 = s(0.1) * Math.tanh(0.3);
    const c2 = s(0.2) * c1 + s(0.1) * Math.tanh(0.3);
    const { output, states } = layer.applyWithState(x);
    expectClose(output, [s(0.4) * Math.tanh(c2)], 1e-6);
    expectClose(states[1]!, [c2], 1e-6);
    for (const t of [x, bias, output, ...states]) t.dispose();
    layer.dispose();
  });

  it('hardSigmoid (TF.js default recurrent activation) is clip(0.2x + 0.5, 0, 1)', () => {
    const layer = lstm({ units: 2, recurrentActivation: 'hard_sigmoid', ...weightsArgs(3) });
    const x = randomTensor([2, 3, 2], 4, -3, 3);
    const y = layer.apply(x);
    expect(layer.cell.recurrentActivation.name).toBe('hardSigmoid');
    expectClose(
      y,
      lastOutputs(reference(layer, x, 'lstm', { recurrentActivation: hardSigmoid })),
      1e-5,
    );
    x.dispose();
    y.dispose();
    layer.dispose();
  });
});

describe('weights', () => {
  it('have Keras layouts and names', () => {
    const x = randomTensor([1, 2, 5]);
    const expected: [RNN, number[][], string][] = [
      [lstm({ units: 3 }), [[5, 12], [3, 12], [12]], 'lstm'],
      [
        gru({ units: 3 }),
        [
          [5, 9],
          [3, 9],
          [2, 9],
        ],
        'gru',
      ],
      [gru({ units: 3, resetAfter: false }), [[5, 9], [3, 9], [9]], 'gru_1'],
      [simpleRNN({ units: 3 }), [[5, 3], [3, 3], [3]], 'simple_rnn'],
      [rnn({ cell: lstmCell({ units: 3 }) }), [[5, 12], [3, 12], [12]], 'rnn'],
    ];
    for (const [layer, shapes, name] of expected) {
      layer.apply(x).dispose();
      expect(layer.weights.map((w) => w.variable.shape)).toEqual(shapes);
      expect(layer.weights.map((w) => w.originalName)).toEqual(
        ['kernel', 'recurrent_kernel', 'bias'].map((n) => `${name}/${n}`),
      );
      layer.dispose();
    }
    x.dispose();
  });

  it('unitForgetBias (default true) starts the forget block of the LSTM bias at 1', () => {
    const layer = lstm({ units: 2 });
    const x = randomTensor([1, 2, 3]);
    layer.apply(x).dispose();
    expect(Array.from(layer.cell.bias!.dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = lstm({ units: 2, unitForgetBias: false });
    plain.apply(x).dispose();
    expect(Array.from(plain.cell.bias!.dataSync())).toEqual(new Array(8).fill(0));
    for (const l of [layer, plain]) l.dispose();
    x.dispose();
  });

  it('recurrent kernels start orthogonal, kernels glorotUniform (Keras defaults)', () => {
    setSeed(3);
    const layer = simpleRNN({ units: 4 });
    const x = randomTensor([1, 2, 3]);
    layer.apply(x).dispose();
    const r = layer.cell.recurrentKernel!.dataSync();
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        let dot = 0;
        for (let k = 0; k < 4; k++) dot += r[i * 4 + k]! * r[j * 4 + k]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    expect(layer.cell.kernelInitializer.className).toBe('VarianceScaling');
    x.dispose();
    layer.dispose();
  });
});

describe('returnState, initialState and the generic rnn', () => {
  it('applyWithState returns the output and the final states; apply the output alone', () => {
    const layer = lstm({ units: 3, returnState: true, returnSequences: true, ...weightsArgs(20) });
    const x = randomTensor([2, 3, 4], 5);
    const h0 = randomTensor([2, 3], 6);
    const c0 = randomTensor([2, 3], 7);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 3, 3]);
    expect(layer.computeOutputShape([null, 3, 4])).toEqual([null, 3, 3]);
    const { output, states } = layer.applyWithState(x, { initialState: [h0, c0] });
    const ref = reference(layer, x, 'lstm', { initialState: [h0.dataSync(), c0.dataSync()] });
    expectClose(output, allOutputs(ref), 1e-5);
    expect(states.map((s) => s.shape)).toEqual([
      [2, 3],
      [2, 3],
    ]);
    expectClose(states[0]!, ref.states[0]!.flat(), 1e-5);
    expectClose(states[1]!, ref.states[1]!.flat(), 1e-5);
    // The last output is the final h.
    expectClose(states[0]!, lastOutputs(ref), 1e-6);
    for (const t of [x, h0, c0, y, output, ...states]) t.dispose();
    layer.dispose();
  });

  it('GRU and SimpleRNN carry one state', () => {
    const x = randomTensor([2, 3, 4]);
    for (const layer of [gru({ units: 2 }), simpleRNN({ units: 2 })]) {
      const { output, states } = layer.applyWithState(x);
      expect(states.length).toBe(1);
      expectClose(states[0]!, output.dataSync(), 0);
      for (const t of [output, ...states]) t.dispose();
      layer.dispose();
    }
    x.dispose();
  });

  it('rnn({ cell }) computes what the layer with that cell computes', () => {
    const x = randomTensor([2, 4, 3], 9);
    const pairs: [RNN, RNN][] = [
      [
        rnn({ cell: lstmCell({ units: 2, ...weightsArgs(1) }) }),
        lstm({ units: 2, ...weightsArgs(1) }),
      ],
      [
        rnn({ cell: gruCell({ units: 2, ...weightsArgs(2) }) }),
        gru({ units: 2, ...weightsArgs(2) }),
      ],
      [
        rnn({ cell: simpleRNNCell({ units: 2, ...weightsArgs(3) }), returnSequences: true }),
        simpleRNN({ units: 2, returnSequences: true, ...weightsArgs(3) }),
      ],
    ];
    for (const [generic, specific] of pairs) {
      const a = generic.apply(x);
      const b = specific.apply(x);
      expectClose(a, b.dataSync(), 0);
      for (const t of [a, b]) t.dispose();
      generic.dispose();
      specific.dispose();
    }
    x.dispose();
  });

  it('a cell steps on its own once its layer has built it', () => {
    const layer = rnn({ cell: lstmCell({ units: 2, ...weightsArgs(4) }), returnSequences: true });
    const x = randomTensor([1, 2, 3], 2);
    const ys = layer.apply(x);
    const steps = x.dataSync();
    const xt0 = tensor(steps.slice(0, 3), [1, 3]);
    const xt1 = tensor(steps.slice(3, 6), [1, 3]);
    const zero = tensor([[0, 0]]);
    const [h1, c1] = layer.cell.call(xt0, [zero, zero]) as [Tensor, Tensor];
    const [h2, c2] = layer.cell.call(xt1, [h1, c1]) as [Tensor, Tensor];
    expectClose(h2, ys.dataSync().slice(2, 4), 1e-6);
    expect(() => lstmCell({ units: 2 }).call(xt0, [zero, zero])).toThrow(/no weights yet/);
    expect(() => layer.cell.call(xt0, [zero])).toThrow(/got 1 states: expected 2/);
    for (const t of [x, ys, xt0, xt1, zero, h1, c1, h2, c2]) t.dispose();
    layer.dispose();
  });
});

describe('dropout', () => {
  it('applies only while training, with one mask per sequence (seeded)', () => {
    const x = randomTensor([3, 4, 5], 1);
    const layer = lstm({
      units: 3,
      dropout: 0.5,
      recurrentDropout: 0.3,
      seed: 7,
      ...weightsArgs(1),
    });
    const plain = lstm({ units: 3, ...weightsArgs(1) });
    const inference = layer.apply(x);
    const reference_ = plain.apply(x);
    expectClose(inference, reference_.dataSync(), 0);
    const a = layer.apply(x, { training: true });
    const b = layer.apply(x, { training: true });
    expectClose(a, b.dataSync(), 0); // the seed fixes the masks
    expect(
      Math.max(...a.dataSync().map((v, i) => Math.abs(v - inference.dataSync()[i]!))),
    ).toBeGreaterThan(1e-3);
    for (const t of [x, inference, reference_, a, b]) t.dispose();
    layer.dispose();
    plain.dispose();
  });

  it('an input mask is the same at every timestep (dropping a feature drops it throughout)', () => {
    // SimpleRNN with identity kernel and zero recurrence: each output step shows the masked input.
    const layer = simpleRNN({
      units: 6,
      dropout: 0.5,
      activation: 'linear',
      kernelInitializer: 'zeros',
      recurrentInitializer: 'zeros',
      returnSequences: true,
    });
    const x = tensor(new Float32Array(2 * 3 * 6).fill(1), [2, 3, 6]);
    layer.apply(x).dispose();
    const eye = tensor(
      Array.from({ length: 36 }, (_, i) => (i % 7 === 0 ? 1 : 0)),
      [6, 6],
    );
    layer.cell.kernel!.assign(eye);
    setSeed(11);
    const y = layer.apply(x, { training: true }).dataSync();
    for (let b = 0; b < 2; b++)
      for (let t = 1; t < 3; t++)
        for (let f = 0; f < 6; f++) expect(y[(b * 3 + t) * 6 + f]).toBe(y[b * 3 * 6 + f]);
    expect(new Set(y)).toEqual(new Set([0, 2]));
    for (const t of [x, eye]) t.dispose();
    layer.dispose();
  });
});

describe('memory', () => {
  it('apply and applyWithState leave only their results', () => {
    const x = randomTensor([2, 3, 4]);
    for (const layer of [
      lstm({ units: 2, dropout: 0.2, recurrentDropout: 0.2 }),
      gru({ units: 2 }),
      simpleRNN({ units: 2 }),
    ]) {
      layer.apply(x).dispose();
      const before = memory().numTensors;
      layer.apply(x, { training: true }).dispose();
      const { output, states } = layer.applyWithState(x, { training: true });
      output.dispose();
      for (const s of states) s.dispose();
      expect(memory().numTensors).toBe(before);
      layer.dispose();
    }
    x.dispose();
  });
});

describe('errors', () => {
  it('an input of rank other than 3 names the layer and the shape', () => {
    const layer = lstm({ units: 2 });
    const x = randomTensor([2, 5]);
    expect(() => layer.apply(x)).toThrow(
      /LSTM 'lstm': input shape \(None, 5\) has rank 2: expected rank 3 \(batch, timesteps, features\)/,
    );
    const built = gru({ units: 2 });
    const good = randomTensor([1, 2, 3]);
    built.apply(good).dispose();
    const bad = randomTensor([1, 2, 3, 1]);
    expect(() => built.apply(bad)).toThrow(/GRU 'gru': input has shape \[1,2,3,1\]/);
    expect(() => simpleRNN({ units: 2 }).computeOutputShape([null, 4])).toThrow(
      /SimpleRNN 'simple_rnn.*rank 2/,
    );
    for (const t of [x, good, bad]) t.dispose();
    built.dispose();
  });

  it('bad arguments name the layer and the argument', () => {
    expect(() => lstm({ units: 0 })).toThrow(
      /LSTMCell 'lstm': units must be a positive integer, got 0/,
    );
    expect(() => gru({ units: 2, dropout: 1 })).toThrow(
      /dropout must be a finite number >= 0 and < 1/,
    );
    expect(() => simpleRNN({ units: 2, activation: 'nope' })).toThrow(/unknown activation 'nope'/);
    expect(() => lstm({ units: 2, stateful: true })).toThrow(
      /stateful recurrent layers are not supported/,
    );
    expect(() => rnn({ cell: {} as never })).toThrow(/cell must be a recurrent cell/);
    const layer = lstm({ units: 2 });
    const x = randomTensor([2, 3, 4]);
    const h = randomTensor([2, 2]);
    expect(() => layer.applyWithState(x, { initialState: [h] })).toThrow(
      /initialState has shapes \[2,2\]: expected \[2,2\], \[2,2\]/,
    );
    for (const t of [x, h]) t.dispose();
    layer.dispose();
  });

  it('classes are what the factories make', () => {
    expect(lstm({ units: 1 })).toBeInstanceOf(LSTM);
    expect(gru({ units: 1 })).toBeInstanceOf(GRU);
    expect(simpleRNN({ units: 1 })).toBeInstanceOf(SimpleRNN);
  });
});
