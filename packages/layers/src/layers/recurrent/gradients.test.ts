// Gradients through time against central differences: with respect to the input and every weight,
// on 3-4 step sequences with a few units.
import { checkGradient } from '@glia/autograd';
import type { Tensor } from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Layer } from '../../engine/layer';
import { resetLayerNames } from '../../engine/naming';
import {
  bidirectional,
  dense,
  gru,
  lstm,
  type RNNCell,
  rnn,
  simpleRNN,
  simpleRNNCell,
  timeDistributed,
} from '../index';
import { randomTensor, recurrentWeights, seededUniform, useCpu } from '../test-support';
import type { RNN } from './rnn';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const random = (seed: number) => seededUniform(seed, 0.5);
const weightsArgs = (seed: number) => recurrentWeights(seed, 0.5);

type Slot = [owner: object, field: string];

/** The cell's weight slots. */
const cellSlots = (cell: RNNCell): Slot[] =>
  (['kernel', 'recurrentKernel', 'bias'] as const).filter((f) => cell[f]).map((f) => [cell, f]);

/**
 * Checks d(layer output)/d(input, every weight in `slots`) against central differences, putting
 * the probed weights in place of the layer's for each evaluation.
 */
function expectGradients(
  layer: Layer,
  x: Tensor,
  slots: (l: Layer) => Slot[],
  apply?: (x: Tensor) => Tensor,
): void {
  layer.apply(x).dispose();
  const places = slots(layer);
  const records = places.map(([owner]) => owner as Record<string, unknown>);
  const weights = places.map(([, field], i) => records[i]![field] as Tensor);
  expect(weights.length).toBe(layer.weights.length);
  const run = apply ?? ((input: Tensor) => layer.apply(input));
  const f = (input: Tensor, ...ws: Tensor[]): Tensor => {
    const saved = places.map(([, field], i) => records[i]![field]);
    places.forEach(([, field], i) => {
      records[i]![field] = ws[i];
    });
    try {
      return run(input);
    } finally {
      places.forEach(([, field], i) => {
        records[i]![field] = saved[i];
      });
    }
  };
  const result = checkGradient(f, [x, ...weights], { epsilon: 1e-2, tolerance: 2e-2 });
  expect(result.message).toBe('');
  expect(result.ok).toBe(true);
}

const rnnSlots = (l: Layer): Slot[] => cellSlots((l as RNN).cell);

describe('gradients through time', () => {
  const cases: [string, () => Layer][] = [
    ['simpleRNN', () => simpleRNN({ units: 3, ...weightsArgs(1) })],
    ['lstm', () => lstm({ units: 3, ...weightsArgs(2) })],
    [
      'lstm, returnSequences, goBackwards',
      () => lstm({ units: 2, returnSequences: true, goBackwards: true, ...weightsArgs(3) }),
    ],
    ['gru (resetAfter)', () => gru({ units: 3, returnSequences: true, ...weightsArgs(4) })],
    ['gru (resetAfter false)', () => gru({ units: 3, resetAfter: false, ...weightsArgs(5) })],
    [
      'lstm with hardSigmoid gates',
      () => lstm({ units: 2, recurrentActivation: 'hardSigmoid', ...weightsArgs(6) }),
    ],
    [
      'rnn over a simpleRNNCell, softplus',
      () => rnn({ cell: simpleRNNCell({ units: 2, activation: 'softplus', ...weightsArgs(7) }) }),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: input and every weight`, () => {
      const layer = make();
      const x = randomTensor([2, 4, 3], 11);
      expectGradients(layer, x, rnnSlots);
      x.dispose();
      layer.dispose();
    });
  }

  it('the final states of applyWithState (h and c of an LSTM)', () => {
    const layer = lstm({ units: 2, ...weightsArgs(8) });
    const x = randomTensor([2, 3, 3], 12);
    const c = (input: Tensor): Tensor => {
      const { output, states } = layer.applyWithState(input);
      output.dispose();
      states[0]!.dispose();
      return states[1]!;
    };
    expectGradients(layer, x, rnnSlots, c);
    x.dispose();
    layer.dispose();
  });

  it('bidirectional (concat and mul): the weights of both directions', () => {
    for (const mergeMode of ['concat', 'mul'] as const) {
      const layer = bidirectional({
        layer: gru({ units: 2, returnSequences: true, ...weightsArgs(9) }),
        mergeMode,
      });
      const x = randomTensor([2, 3, 3], 13);
      const slots = (l: Layer): Slot[] => {
        const b = l as typeof layer;
        return [...cellSlots(b.forwardLayer.cell), ...cellSlots(b.backwardLayer.cell)];
      };
      expectGradients(layer, x, slots);
      x.dispose();
      layer.dispose();
    }
  });

  it('timeDistributed(dense)', () => {
    const inner = dense({ units: 2, activation: 'tanh', biasInitializer: random(1) });
    const layer = timeDistributed({ layer: inner });
    const x = randomTensor([2, 3, 4], 14);
    expectGradients(layer, x, () => [
      [inner, 'kernel'],
      [inner, 'bias'],
    ]);
    x.dispose();
    layer.dispose();
  });
});
