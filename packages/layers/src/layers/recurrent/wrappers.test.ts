// bidirectional and timeDistributed: values against the reference loops, merge modes, weight names
// and order, and errors.
import { type Tensor, tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Wrappers find their inner layer's class through the registry, which hands itself over on load.
import '../../engine/layer-registry';
import { resetLayerNames } from '../../engine/naming';
import {
  Bidirectional,
  bidirectional,
  conv2d,
  dense,
  gru,
  lstm,
  type MergeMode,
  type RNN,
  simpleRNN,
  timeDistributed,
} from '../index';
import { expectClose, randomTensor, seededUniform, useCpu } from '../test-support';
import { type CellKind, referenceRecurrent } from './reference';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const random = (seed: number) => seededUniform(seed, 0.6);

/** The reference run of `layer` (built) on `x`, as [batch][step][unit] in time order. */
function run(layer: RNN, x: Tensor, kind: CellKind): number[][][] {
  const cell = layer.cell;
  const ref = referenceRecurrent(
    x.dataSync(),
    x.shape as [number, number, number],
    {
      kernel: cell.kernel!.dataSync(),
      recurrentKernel: cell.recurrentKernel!.dataSync(),
      bias: cell.bias?.dataSync(),
    },
    { kind, units: cell.units, goBackwards: layer.goBackwards, resetAfter: true },
  );
  return layer.returnSequences ? ref.outputs : ref.outputs.map((seq) => [seq[seq.length - 1]!]);
}

const MERGES: Record<Exclude<MergeMode, 'concat'>, (a: number, b: number) => number> = {
  sum: (a, b) => a + b,
  mul: (a, b) => a * b,
  ave: (a, b) => (a + b) / 2,
};

/** Merges per timestep: concat puts all forward units, then all backward ones. */
function merge(forward: number[][][], backward: number[][][], mode: MergeMode): number[] {
  const out: number[] = [];
  forward.forEach((seq, b) => {
    seq.forEach((f, t) => {
      const r = backward[b]![t]!;
      if (mode === 'concat') out.push(...f, ...r);
      else out.push(...f.map((v, j) => MERGES[mode](v, r[j]!)));
    });
  });
  return out;
}

describe('Bidirectional', () => {
  for (const mode of ['concat', 'sum', 'mul', 'ave'] as const) {
    it(`mergeMode ${mode}: forward and time-reversed backward runs, merged`, () => {
      const x = randomTensor([2, 4, 3], 3);
      const layer = bidirectional({
        layer: lstm({
          units: 2,
          returnSequences: true,
          kernelInitializer: random(1),
          recurrentInitializer: random(2),
          biasInitializer: random(3),
        }),
        ...(mode === 'concat' ? {} : { mergeMode: mode }),
      });
      expect(layer.mergeMode).toBe(mode);
      layer.apply(x).dispose();
      // The copies start from the same seeded initializers; give the backward one its own kernel.
      const kernel = randomTensor([3, 8], 21);
      layer.backwardLayer.cell.kernel!.assign(kernel);
      kernel.dispose();
      const y = layer.apply(x);
      expect(y.shape).toEqual([2, 4, mode === 'concat' ? 4 : 2]);
      expect(layer.computeOutputShape([null, 4, 3])).toEqual([null, 4, mode === 'concat' ? 4 : 2]);
      const forward = run(layer.forwardLayer, x, 'lstm');
      const backward = run(layer.backwardLayer, x, 'lstm').map((seq) => [...seq].reverse());
      expectClose(y, merge(forward, backward, mode), 1e-5);
      x.dispose();
      y.dispose();
      layer.dispose();
    });
  }

  it('without returnSequences merges the two last outputs; weights differ per direction', () => {
    const x = randomTensor([3, 5, 2], 4);
    const layer = bidirectional({ layer: gru({ units: 3 }) });
    const y = layer.apply(x);
    expect(y.shape).toEqual([3, 6]);
    const changed = randomTensor([2, 9], 9);
    layer.backwardLayer.cell.kernel!.assign(changed);
    const y2 = layer.apply(x);
    const forward = run(layer.forwardLayer, x, 'gru');
    const backward = run(layer.backwardLayer, x, 'gru');
    expectClose(y2, merge(forward, backward, 'concat'), 1e-5);
    expect(layer.backwardLayer.goBackwards).toBe(true);
    expect(layer.forwardLayer.goBackwards).toBe(false);
    for (const t of [x, y, y2, changed]) t.dispose();
    layer.dispose();
  });

  it('saves its weights as TF.js names them, forward then backward', () => {
    const layer = bidirectional({ layer: simpleRNN({ units: 2 }), inputShape: [3, 4] });
    const x = randomTensor([1, 3, 4]);
    layer.apply(x).dispose();
    expect(layer.weights.map((w) => w.originalName)).toEqual([
      'bidirectional/forward_simple_rnn/kernel',
      'bidirectional/forward_simple_rnn/recurrent_kernel',
      'bidirectional/forward_simple_rnn/bias',
      'bidirectional/backward_simple_rnn/kernel',
      'bidirectional/backward_simple_rnn/recurrent_kernel',
      'bidirectional/backward_simple_rnn/bias',
    ]);
    expect(layer.countParams()).toBe(2 * (4 * 2 + 2 * 2 + 2));
    expect(layer.trainableWeights.length).toBe(6);
    const values = layer.getWeights();
    expect(values.map((v) => v.shape)).toEqual([[4, 2], [2, 2], [2], [4, 2], [2, 2], [2]]);
    const ones = values.map((v) => tensor(new Float32Array(v.size).fill(1), v.shape));
    layer.setWeights(ones);
    expect(Array.from(layer.backwardLayer.cell.bias!.dataSync())).toEqual([1, 1]);
    expect(() => layer.setWeights(ones.slice(1))).toThrow(/got 5 tensors: expected 6/);
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights.length).toBe(6);
    for (const t of [x, ...values, ...ones]) t.dispose();
    layer.dispose();
  });

  it("applyWithState returns the merged output and both directions' states", () => {
    const layer = bidirectional({ layer: lstm({ units: 2, returnState: true }), mergeMode: 'sum' });
    const x = randomTensor([2, 3, 2], 8);
    const { output, states } = layer.applyWithState(x);
    expect(output.shape).toEqual([2, 2]);
    expect(states.length).toBe(4);
    const merged = states[0]!.dataSync().map((v, i) => v + states[2]!.dataSync()[i]!);
    expectClose(output, merged, 1e-6);
    expect(() => layer.applyWithState(x, { initialState: states.slice(0, 2) })).toThrow(
      /got 2 initial states: expected 4/,
    );
    for (const t of [x, output, ...states]) t.dispose();
    layer.dispose();
  });

  it('rejects a layer that is not recurrent and an unknown merge mode', () => {
    expect(() => bidirectional({ layer: dense({ units: 2 }) as never })).toThrow(
      /Bidirectional 'bidirectional': layer must be a recurrent layer .* got Dense/,
    );
    expect(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as never })).toThrow(
      /mergeMode must be one of concat, sum, mul, ave, got "max"/,
    );
    expect(() =>
      Bidirectional.fromConfig({
        layer: { className: 'LSTM', config: { units: 2 } },
        mergeMode: null,
      }),
    ).toThrow(/mergeMode null .* is not supported/);
  });
});

describe('TimeDistributed', () => {
  it('applies dense to every timestep with the same weights', () => {
    const inner = dense({ units: 3, activation: 'tanh', biasInitializer: random(5) });
    const layer = timeDistributed({ layer: inner, inputShape: [4, 5] });
    const x = randomTensor([2, 4, 5], 6);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 4, 3]);
    expect(layer.computeOutputShape([null, 4, 5])).toEqual([null, 4, 3]);
    const k = inner.kernel!.dataSync();
    const b = inner.bias!.dataSync();
    const xs = x.dataSync();
    const expected: number[] = [];
    for (let row = 0; row < 8; row++)
      for (let u = 0; u < 3; u++) {
        let s = b[u]!;
        for (let f = 0; f < 5; f++) s += xs[row * 5 + f]! * k[f * 3 + u]!;
        expected.push(Math.tanh(s));
      }
    expectClose(y, expected, 1e-5);
    expect(layer.weights.map((w) => w.originalName)).toEqual([
      'time_distributed/kernel',
      'time_distributed/bias',
    ]);
    expect(layer.activationName).toBe('tanh');
    const logits = layer.applyLogits(x);
    expectClose(logits.dataSync().map(Math.tanh), y.dataSync(), 1e-6);
    for (const t of [x, y, logits]) t.dispose();
    layer.dispose();
  });

  it('wraps any layer, e.g. conv2d over frames [batch, time, h, w, c]', () => {
    const layer = timeDistributed({ layer: conv2d({ filters: 2, kernelSize: 2 }) });
    const x = randomTensor([2, 3, 4, 4, 1]);
    const y = layer.apply(x);
    expect(y.shape).toEqual([2, 3, 3, 3, 2]);
    // Frame (1, 2) alone through the inner layer gives the same values.
    const frame = tensor(x.dataSync().slice((1 * 3 + 2) * 16, (1 * 3 + 3) * 16), [1, 4, 4, 1]);
    const alone = layer.layer.apply(frame);
    expectClose(alone, y.dataSync().slice((1 * 3 + 2) * 18, (1 * 3 + 3) * 18), 1e-6);
    for (const t of [x, y, frame, alone]) t.dispose();
    layer.dispose();
  });

  it('needs an input of rank 3 or more, naming the layer and the shape', () => {
    const layer = timeDistributed({ layer: dense({ units: 2 }) });
    const x = randomTensor([2, 3]);
    expect(() => layer.apply(x)).toThrow(
      /TimeDistributed 'time_distributed': input shape \(None, 3\) has rank 2: expected rank 3/,
    );
    expect(() => timeDistributed({ layer: {} as never })).toThrow(/layer must be a layer/);
    x.dispose();
  });
});
