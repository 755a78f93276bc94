// Masking: padded timesteps are skipped by the recurrent layers. References: the same recurrent
// layer run on the unpadded sequence, and TF.js 4.22 on the same model file.
import { dispose, memory, Prng, setSeed, type Tensor, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetLayerNames } from '../../engine/naming';
import { memoryHandler } from '../../io/handlers/memory';
import { asTfjsArtifacts } from '../../io/test-models';
import { sequential } from '../../model/sequential';
import { dense, flatten, masking } from '../index';
import { expectClose } from '../test-support';
import { useCpuBesideTfjs } from '../tfjs-oracle';
import { bidirectional, gru, lstm, simpleRNN } from './index';

beforeAll(useCpuBesideTfjs);
beforeEach(() => resetLayerNames());

/** `[batch, steps, features]` values in [-1, 1) with the timesteps listed per example zeroed. */
function padded(batch: number, steps: number, features: number, pad: number[][]): Float32Array {
  const prng = new Prng(5);
  const v = Float32Array.from({ length: batch * steps * features }, () => 2 * prng.nextFloat() - 1);
  pad.forEach((list, b) => {
    for (const t of list) v.fill(0, (b * steps + t) * features, (b * steps + t + 1) * features);
  });
  return v;
}

describe('masking', () => {
  it('zeroes nothing but padding, and marks the padded steps', () => {
    const x = tensor([
      [
        [1, 2],
        [0, 0],
        [3, 0],
      ],
    ]);
    const layer = masking();
    const y = layer.apply(x);
    expectClose(y, [1, 2, 0, 0, 3, 0]);
    const mask = layer.computeMask(x, undefined);
    expect(Array.from(mask.dataSync())).toEqual([1, 0, 1]);
    dispose([x, y, mask]);
  });

  for (const [name, make] of [
    ['simpleRNN', () => simpleRNN({ units: 4 })],
    ['lstm', () => lstm({ units: 4 })],
    ['gru', () => gru({ units: 4 })],
  ] as const) {
    it(`${name}: a padded sequence gives what the unpadded one gives (right and left padding)`, () => {
      setSeed(7);
      const rnn = make();
      const masked = sequential({ layers: [masking({ inputShape: [5, 3] }), rnn] });
      // Example 0: 3 real steps then 2 padded; example 1: 2 padded then 3 real.
      const values = padded(2, 5, 3, [
        [3, 4],
        [0, 1],
      ]);
      const x = tensor(values, [2, 5, 3]);
      const before = memory().numTensors;
      const out = masked.predict(x);
      expect(memory().numTensors).toBe(before + 1);
      // The 3-step reference: the same weights on the real steps only.
      const reference = sequential({
        layers: [
          (() => {
            const r = make();
            r.apply(tensor(new Float32Array(9), [1, 3, 3])).dispose();
            r.setWeights(rnn.getWeights());
            return r;
          })(),
        ],
      });
      const first = tensor(values.slice(0, 9), [1, 3, 3]);
      const second = tensor(values.slice(15 + 6, 30), [1, 3, 3]);
      const a = reference.predict(first);
      const b = reference.predict(second);
      const got = out.dataSync();
      expectClose(got.slice(0, 4), a.dataSync(), 1e-6);
      expectClose(got.slice(4, 8), b.dataSync(), 1e-6);
      dispose([x, out, first, second, a, b]);
      masked.dispose();
      reference.dispose();
    });
  }

  it('matches TF.js on masked, bidirectional and stacked recurrent layers', async () => {
    setSeed(9);
    const model = sequential({
      layers: [
        masking({ inputShape: [6, 3] }),
        bidirectional({ layer: lstm({ units: 3, returnSequences: true }) }),
        gru({ units: 4, resetAfter: false }),
        dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const handler = memoryHandler();
    await model.save(handler);
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(asTfjsArtifacts(handler.artifacts!)));
    const values = padded(3, 6, 3, [[4, 5], [0, 1, 2], []]);
    const x = tensor(values, [3, 6, 3]);
    const ours = model.predict(x);
    const tx = tf.tensor(values, [3, 6, 3]);
    const theirs = tfModel.predict(tx) as tf.Tensor;
    const diff = Math.max(
      ...Array.from(ours.dataSync()).map((v, i) => Math.abs(v - theirs.dataSync()[i]!)),
    );
    console.log(`masked LSTM/GRU vs TF.js: max |diff| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
    dispose([x, ours]);
    tf.dispose([tx, theirs]);
    tfModel.dispose();
    model.dispose();
  });

  it('trains with a mask, leaking nothing; a layer that cannot take a mask says so', async () => {
    setSeed(3);
    const model = sequential({
      layers: [masking({ inputShape: [4, 2] }), lstm({ units: 4 }), dense({ units: 1 })],
    });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    const x = tensor(padded(8, 4, 2, [[3], [2, 3], [], [0]]), [8, 4, 2]);
    const y = tensor(
      Float32Array.from({ length: 8 }, (_, i) => (i % 2) - 0.5),
      [8, 1],
    );
    const before = memory().numTensors;
    const history = await model.fit(x, y, { epochs: 15, verbose: 0, batchSize: 8 });
    expect(history.history.loss!.at(-1)!).toBeLessThan(history.history.loss![0]!);
    expect(memory().numTensors - before).toBe(2 * model.trainableWeights.length);
    const bad = sequential({ layers: [masking({ inputShape: [4, 2] }), flatten()] });
    expect(() => bad.predict(x)).toThrow(/Flatten 'flatten' does not support masking/);
    dispose([x, y] as Tensor[]);
    model.dispose();
    bad.dispose();
  });
});
