// Recurrent models move between TF.js 4.22 and Glia: the same configs field for field, model files
// loaded both ways, and the same predictions.

import { memory, Prng, type Tensor, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Layer } from '../../engine/layer';
import { getLayerClass } from '../../engine/layer-registry';
import { resetLayerNames } from '../../engine/naming';
import { fromMemory } from '../../io/handlers/memory';
import { loadModel } from '../../io/load-model';
import { modelToArtifacts } from '../../io/save-model';
import { type LayersModel, singleOutput } from '../../model/layers-model';
import { Sequential } from '../../model/sequential';
import * as layers from '../index';
import { tfjsArtifacts, useCpuBesideTfjs } from '../tfjs-oracle';

beforeAll(useCpuBesideTfjs);
beforeEach(() => resetLayerNames());

type TfLayer = { getClassName(): string; getConfig(): Record<string, unknown> };

/** JSON values, with absent and null treated alike. */
const json = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x)));

/**
 * A config as compared with TF.js: TF.js writes dtype only on a model's first layer and nowhere in
 * nested configs; `implementation` is null in TF.js and 2 in Glia (the same computation).
 */
function comparable(config: Record<string, unknown>, keepDtype: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  delete out.name;
  delete out.implementation;
  if (!keepDtype) delete out.dtype;
  for (const key of ['layer', 'cell']) {
    const nested = out[key] as { className: string; config: Record<string, unknown> } | undefined;
    if (nested)
      out[key] = { className: nested.className, config: comparable(nested.config, false) };
  }
  return out;
}

const init = { kernelInitializer: 'glorotUniform', unitForgetBias: true } as const;

/** Each recurrent layer with non-default settings, beside the same layer made by TF.js. */
const pairs: [string, () => Layer, () => TfLayer][] = [
  [
    'LSTM',
    () =>
      layers.lstm({
        units: 3,
        recurrentActivation: 'hardSigmoid',
        returnSequences: true,
        dropout: 0.25,
        ...init,
      }),
    () =>
      tf.layers.lstm({
        units: 3,
        recurrentActivation: 'hardSigmoid',
        returnSequences: true,
        dropout: 0.25,
        ...init,
      }),
  ],
  [
    'GRU',
    () =>
      layers.gru({
        units: 2,
        resetAfter: false,
        goBackwards: true,
        activation: 'relu',
        recurrentDropout: 0.1,
        kernelInitializer: 'heNormal',
      }),
    () =>
      tf.layers.gru({
        units: 2,
        recurrentActivation: 'sigmoid',
        goBackwards: true,
        activation: 'relu',
        recurrentDropout: 0.1,
        kernelInitializer: 'heNormal',
      }),
  ],
  [
    'SimpleRNN',
    () => layers.simpleRNN({ units: 4, useBias: false, returnState: true, inputShape: [5, 2] }),
    () =>
      tf.layers.simpleRNN({
        units: 4,
        useBias: false,
        returnState: true,
        inputShape: [5, 2],
        kernelInitializer: 'glorotUniform',
      }),
  ],
  [
    'RNN',
    () =>
      layers.rnn({
        cell: layers.lstmCell({ units: 2, recurrentActivation: 'hardSigmoid', ...init }),
      }),
    () =>
      tf.layers.rnn({
        cell: tf.layers.lstmCell({ units: 2, ...init }),
      }),
  ],
  [
    'Bidirectional',
    () =>
      layers.bidirectional({
        layer: layers.lstm({
          units: 2,
          returnSequences: true,
          recurrentActivation: 'hardSigmoid',
          ...init,
        }),
        mergeMode: 'ave',
      }),
    () =>
      tf.layers.bidirectional({
        layer: tf.layers.lstm({ units: 2, returnSequences: true, ...init }) as tf.RNN,
        mergeMode: 'ave',
      }),
  ],
  [
    'TimeDistributed',
    () => layers.timeDistributed({ layer: layers.dense({ units: 3, activation: 'softmax' }) }),
    () =>
      tf.layers.timeDistributed({
        layer: tf.layers.dense({
          units: 3,
          activation: 'softmax',
          kernelInitializer: 'glorotUniform',
        }),
      }),
  ],
];

describe('configs', () => {
  for (const [name, glia, tfjs] of pairs) {
    it(`${name} has the fields and values TF.js gives it, and round-trips through the registry`, () => {
      const layer = glia();
      const theirs = tfjs().getConfig();
      expect(layer.className).toBe(name);
      const ours = layer.getConfig();
      expect(json(comparable(ours, 'dtype' in theirs))).toEqual(
        json(comparable(theirs, 'dtype' in theirs)),
      );
      const copy = getLayerClass(layer.className).fromConfig(JSON.parse(JSON.stringify(ours)));
      expect(copy).toBeInstanceOf(layer.constructor);
      expect(copy.getConfig()).toEqual(ours);
    });
  }

  it('reads the configs TF.js writes (hard_sigmoid, unit_forget_bias null, reset_after false)', () => {
    const theirs = json(tf.layers.gru({ units: 2 }).getConfig()) as Record<string, unknown>;
    const gru = layers.GRU.fromConfig(theirs);
    expect(gru.cell.resetAfter).toBe(false);
    expect(gru.cell.recurrentActivation.name).toBe('hardSigmoid');
    const lstm = layers.LSTM.fromConfig({
      ...(json(tf.layers.lstm({ units: 2 }).getConfig()) as object),
      unitForgetBias: null,
    });
    expect(lstm.cell.unitForgetBias).toBe(false);
  });

  it('fromConfig rejects unknown fields, stateful, constraints and unknown classes', () => {
    expect(() => layers.LSTM.fromConfig({ units: 2, returnSequence: true })).toThrow(
      /LSTM.fromConfig: unknown config field 'returnSequence'/,
    );
    expect(() => layers.GRU.fromConfig({ units: 2, stateful: true })).toThrow(
      /stateful recurrent layers are not supported/,
    );
    expect(() =>
      layers.SimpleRNN.fromConfig({
        units: 2,
        recurrentConstraint: { className: 'MaxNorm', config: {} },
      }),
    ).toThrow(/recurrentConstraint .* is not supported: expected null/);
    expect(() => layers.LSTM.fromConfig({ units: 2, implementation: 3 })).toThrow(
      /implementation must be 1, 2 or null/,
    );
    expect(() => layers.RNN.fromConfig({ cell: { className: 'Evil', config: {} } })).toThrow(
      /unknown cell class "Evil": expected SimpleRNNCell, LSTMCell, GRUCell/,
    );
    expect(() =>
      layers.TimeDistributed.fromConfig({ layer: { className: 'Sequential', config: {} } }),
    ).toThrow(/unknown layer class 'Sequential'/);
    expect(() => layers.TimeDistributed.fromConfig({ layer: 'Dense' })).toThrow(
      /layer must be \{className, config\}/,
    );
  });
});

/** Replaces every TF.js weight with seeded values in [-0.5, 0.5). */
function seedTfjsWeights(model: tf.LayersModel, seed: number): void {
  const prng = new Prng(seed);
  const values = model.getWeights().map((w) =>
    tf.tensor(
      Float32Array.from({ length: w.size }, () => prng.nextFloat() - 0.5),
      w.shape,
    ),
  );
  model.setWeights(values);
  tf.dispose(values);
}

/** The largest |difference| of both models' predictions on the same seeded batch. */
async function predictionDiff(
  glia: LayersModel<Tensor>,
  model: tf.LayersModel,
  shape: number[],
  seed: number,
): Promise<number> {
  const prng = new Prng(seed);
  const values = Float32Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    () => prng.nextFloat() * 4 - 2,
  );
  const x = tensor(values, shape);
  const y = glia.predict(x);
  const ours = y.dataSync();
  const tx = tf.tensor(values, shape);
  const ty = model.predict(tx) as tf.Tensor;
  const theirs = ty.dataSync();
  expect(ours.length).toBe(theirs.length);
  let diff = 0;
  for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i]! - theirs[i]!));
  x.dispose();
  y.dispose();
  tf.dispose([tx, ty]);
  return diff;
}

/**
 * TF.js models (its default recurrent activation, hard sigmoid, included): each one's name, its
 * layers (made anew on each call) and its input shape.
 */
const models: [string, () => tf.layers.Layer[], number[]][] = [
  [
    'lstm -> lstm -> dense',
    () => [
      tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 3] }),
      tf.layers.lstm({ units: 3, goBackwards: true, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 2 }),
    ],
    [4, 5, 3],
  ],
  [
    'gru -> simpleRNN',
    () => [
      tf.layers.gru({ units: 4, returnSequences: true, inputShape: [6, 2] }),
      tf.layers.simpleRNN({ units: 3 }),
    ],
    [3, 6, 2],
  ],
  [
    'bidirectional(lstm) -> timeDistributed(dense)',
    () => [
      tf.layers.bidirectional({
        layer: tf.layers.lstm({ units: 3, returnSequences: true }) as tf.RNN,
        inputShape: [4, 3],
      }),
      tf.layers.timeDistributed({
        layer: tf.layers.dense({ units: 2, activation: 'softmax' }),
      }),
    ],
    [2, 4, 3],
  ],
  [
    'bidirectional(gru, sum), rnn(lstmCell)',
    () => [
      tf.layers.bidirectional({
        layer: tf.layers.gru({ units: 3, returnSequences: true }) as tf.RNN,
        mergeMode: 'sum',
        inputShape: [5, 2],
      }),
      tf.layers.rnn({ cell: tf.layers.lstmCell({ units: 2 }) }),
    ],
    [3, 5, 2],
  ],
];

describe('TF.js <-> Glia', () => {
  for (const [name, makeLayers, shape] of models) {
    it(`${name}: TF.js's file loads in Glia, Glia's in TF.js; predictions agree`, async () => {
      const model = tf.sequential({ layers: makeLayers() });
      seedTfjsWeights(model, 5);
      const before = memory().numTensors;
      const glia = singleOutput(await loadModel(fromMemory(await tfjsArtifacts(model))));
      expect(glia.layers.map((l) => l.className)).toEqual(
        model.layers.map((l) => l.getClassName()),
      );
      expect(glia.weights.map((w) => w.originalName)).toEqual(
        model.weights.map((w) => w.originalName),
      );
      const toGlia = await predictionDiff(glia, model, shape, 7);

      const back = await tf.loadLayersModel(tf.io.fromMemory(await modelToArtifacts(glia)));
      const toTfjs = await predictionDiff(glia, back, shape, 8);
      console.log(
        `${name}: TF.js -> Glia max |diff| = ${toGlia.toExponential(2)}, Glia -> TF.js = ${toTfjs.toExponential(2)}`,
      );
      expect(toGlia).toBeLessThan(1e-5);
      expect(toTfjs).toBeLessThan(1e-5);
      glia.dispose();
      expect(memory().numTensors).toBe(before);
      model.dispose();
      back.dispose();
    });
  }

  it('a model file with a bad nested layer config is an error naming the field', async () => {
    const model = tf.sequential({ layers: models[2]![1]() });
    const artifacts = await tfjsArtifacts(model);
    const topology = artifacts.modelTopology as {
      config: { layers: { config: { layer: { config: Record<string, unknown> } } }[] };
    };
    topology.config.layers[0]!.config.layer.config.stateful = true;
    await expect(loadModel(fromMemory(artifacts))).rejects.toThrow(
      /modelTopology\.config\.layers\[0\]\.config\.layer: Bidirectional cannot be made from this config: .*layer \(LSTM\): .*stateful recurrent layers are not supported/,
    );
    topology.config.layers[0]!.config.layer.config.stateful = false;
    topology.config.layers[0]!.config.layer.config.kernel_constraint = {
      class_name: 'MaxNorm',
      config: {},
    };
    await expect(loadModel(fromMemory(artifacts))).rejects.toThrow(
      /kernelConstraint .* is not supported/,
    );
    model.dispose();
  });

  it('a Glia model built in Glia (sigmoid gates, GRU without resetAfter) loads in TF.js', async () => {
    const glia = new Sequential({
      layers: [
        layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 3] }),
        layers.bidirectional({
          layer: layers.gru({ units: 2, resetAfter: false, returnSequences: true }),
          mergeMode: 'mul',
        }),
        layers.timeDistributed({ layer: layers.dense({ units: 2 }) }),
        layers.simpleRNN({ units: 2, goBackwards: true }),
      ],
    });
    const model = await tf.loadLayersModel(tf.io.fromMemory(await modelToArtifacts(glia)));
    const diff = await predictionDiff(glia, model, [3, 5, 3], 9);
    console.log(`Glia-built model -> TF.js: max |diff| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
    glia.dispose();
    model.dispose();
  });
});
