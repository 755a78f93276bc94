// Functional models in the TF.js format, both ways, with TF.js 4.22 as the oracle: a residual CNN
// and a two-input model with shared and merge layers; Keras 3's inbound_nodes; graph errors.
import '@glia/backend-cpu';
import { memory, setSeed, type Tensor, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { input } from '../engine/input-layer';
import type { Layer } from '../engine/layer';
import { resetLayerNames } from '../engine/naming';
import type { SymbolicTensor } from '../engine/node';
import {
  activation,
  add,
  concatenate,
  conv2d,
  dense,
  dot,
  flatten,
  maxPooling2d,
  multiply,
} from '../layers/index';
import { tfjsArtifacts, useCpuBesideTfjs } from '../layers/tfjs-oracle';
import { type LayersModel, model } from '../model/layers-model';
import { fromMemory, memoryHandler } from './handlers/memory';
import type { ModelArtifacts } from './io-types';
import { loadModel, modelFromArtifacts } from './load-model';
import { ModelFileError } from './model-file-error';
import { asTfjsArtifacts, maxAbsDiff, seededValues } from './test-models';

beforeAll(useCpuBesideTfjs);
beforeEach(() => resetLayerNames());

type Sym = SymbolicTensor<Layer>;

/** The largest difference between both models' predictions on the same seeded inputs. */
async function compare(
  glia: LayersModel,
  tfModel: tf.LayersModel,
  shapes: number[][],
): Promise<number> {
  const values = shapes.map((s, i) =>
    seededValues(
      s.reduce((a, b) => a * b, 1),
      30 + i,
    ),
  );
  const xs = values.map((v, i) => tensor(v, shapes[i]!));
  const ours = glia.predict(xs);
  const oursList = Array.isArray(ours) ? ours : [ours];
  const txs = values.map((v, i) => tf.tensor(v, shapes[i]!));
  const theirs = tfModel.predict(txs.length === 1 ? txs[0]! : txs);
  const theirsList = Array.isArray(theirs) ? theirs : [theirs];
  expect(oursList.length).toBe(theirsList.length);
  let diff = 0;
  for (let i = 0; i < oursList.length; i++) {
    expect(oursList[i]!.shape).toEqual(theirsList[i]!.shape);
    diff = Math.max(diff, maxAbsDiff(await oursList[i]!.data(), await theirsList[i]!.data()));
  }
  for (const t of [...xs, ...oursList]) t.dispose();
  tf.dispose([...txs, ...theirsList]);
  return diff;
}

/** The residual CNN in TF.js. */
function tfjsResidual(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 2] });
  const c1 = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })
    .apply(x) as tf.SymbolicTensor;
  const c2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(c1);
  const sum = tf.layers.add().apply([c1, c2 as tf.SymbolicTensor]);
  const act = tf.layers.activation({ activation: 'relu' }).apply(sum);
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(act);
  const flat = tf.layers.flatten().apply(pooled);
  const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(flat);
  return tf.model({ inputs: x, outputs: out as tf.SymbolicTensor, name: 'residual' });
}

/** The same residual CNN in Glia. */
function gliaResidual(): LayersModel {
  setSeed(11);
  const x = input({ shape: [8, 8, 2] });
  const c1 = conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
  const c2 = conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(c1);
  const act = activation({ activation: 'relu' }).apply(add().apply([c1, c2]));
  const flat = flatten().apply(maxPooling2d({ poolSize: 2 }).apply(act));
  const out = dense({ units: 3, activation: 'softmax' }).apply(flat);
  return model({ inputs: x, outputs: out, name: 'residual' });
}

/** Two inputs, a shared layer, concatenate / multiply / dot, three outputs, in TF.js. */
function tfjsTwoInput(): tf.LayersModel {
  const a = tf.input({ shape: [5], name: 'a' });
  const b = tf.input({ shape: [3], name: 'b' });
  const ha = tf.layers.dense({ units: 4, activation: 'relu', name: 'ha' }).apply(a);
  const hb = tf.layers.dense({ units: 4, activation: 'tanh', name: 'hb' }).apply(b);
  const shared = tf.layers.dense({ units: 4, name: 'shared' });
  const sa = shared.apply(ha) as tf.SymbolicTensor;
  const sb = shared.apply(hb) as tf.SymbolicTensor;
  const cat = tf.layers.concatenate({ name: 'cat' }).apply([sa, sb]);
  const prod = tf.layers.multiply({ name: 'prod' }).apply([sa, sb]);
  const klass = tf.layers.dense({ units: 2, activation: 'softmax', name: 'klass' }).apply(cat);
  const value = tf.layers.dense({ units: 1, name: 'value' }).apply(prod);
  const cosine = tf.layers.dot({ axes: 1, normalize: true, name: 'cosine' }).apply([sa, sb]);
  return tf.model({
    inputs: [a, b],
    outputs: [klass, value, cosine] as tf.SymbolicTensor[],
    name: 'two_input',
  });
}

function gliaTwoInput(): LayersModel {
  setSeed(12);
  const a = input({ shape: [5], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const ha = dense({ units: 4, activation: 'relu', name: 'ha' }).apply(a);
  const hb = dense({ units: 4, activation: 'tanh', name: 'hb' }).apply(b);
  const shared = dense({ units: 4, name: 'shared' });
  const sa: Sym = shared.apply(ha);
  const sb: Sym = shared.apply(hb);
  const klass = dense({ units: 2, activation: 'softmax', name: 'klass' }).apply(
    concatenate({ name: 'cat' }).apply([sa, sb]),
  );
  const value = dense({ units: 1, name: 'value' }).apply(
    multiply({ name: 'prod' }).apply([sa, sb]),
  );
  const cosine = dot({ axes: 1, normalize: true, name: 'cosine' }).apply([sa, sb]);
  return model({ inputs: [a, b], outputs: [klass, value, cosine], name: 'two_input' });
}

const cases = [
  { name: 'a residual CNN', tfjs: tfjsResidual, glia: gliaResidual, shapes: [[3, 8, 8, 2]] },
  {
    name: 'a two-input model with a shared layer and merges',
    tfjs: tfjsTwoInput,
    glia: gliaTwoInput,
    shapes: [
      [4, 5],
      [4, 3],
    ],
  },
];

describe('TF.js -> Glia', () => {
  for (const c of cases) {
    it(`${c.name}: TF.js's file loads and predicts the same within 1e-5`, async () => {
      const tfModel = c.tfjs();
      const artifacts = await tfjsArtifacts(tfModel);
      expect((artifacts.modelTopology as { class_name: string }).class_name).toBe('Model');
      const before = memory().numTensors;
      const glia = await loadModel(fromMemory(artifacts as ModelArtifacts));
      expect(glia.layers.map((l) => l.name).sort()).toEqual(
        tfModel.layers.map((l) => l.name).sort(),
      );
      expect(glia.countParams()).toBe(tfModel.countParams());
      const diff = await compare(glia, tfModel, c.shapes);
      console.log(`TF.js -> Glia, ${c.name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      expect(memory().numTensors).toBe(before);
      tfModel.dispose();
    });
  }
});

describe('Glia -> TF.js', () => {
  for (const c of cases) {
    it(`${c.name}: Glia's file (class_name Functional) loads in TF.js and predicts the same`, async () => {
      const glia = c.glia();
      const handler = memoryHandler();
      await glia.save(handler);
      const artifacts = handler.artifacts!;
      expect((artifacts.modelTopology as { class_name: string }).class_name).toBe('Functional');
      const tfModel = await tf.loadLayersModel(tf.io.fromMemory(asTfjsArtifacts(artifacts)));
      expect(tfModel.layers.map((l) => l.name).sort()).toEqual(
        glia.layers.map((l) => l.name).sort(),
      );
      const diff = await compare(glia, tfModel, c.shapes);
      console.log(`Glia -> TF.js, ${c.name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      // And back: Glia reads its own file to the same topology.
      const again = await loadModel(handler);
      const byName = (m: LayersModel) => {
        const config = m.topologyConfig();
        return {
          ...config,
          layers: [...config.layers].sort((x, y) => x.name.localeCompare(y.name)),
        };
      };
      expect(byName(again)).toEqual(byName(glia));
      again.dispose();
      glia.dispose();
      tfModel.dispose();
    });
  }
});

describe('nested models', () => {
  it('a Sequential used as a layer saves, loads in TF.js and in Glia, and predicts the same', async () => {
    const { sequential } = await import('../model/sequential');
    setSeed(13);
    const tower = sequential({
      name: 'tower',
      layers: [
        dense({ units: 4, activation: 'relu', inputShape: [3], name: 'tower_hidden' }),
        dense({ units: 2, name: 'tower_out' }),
      ],
    });
    const u = input({ shape: [3], name: 'u' });
    const v = input({ shape: [3], name: 'v' });
    const out = add({ name: 'both' }).apply([tower.apply(u), tower.apply(v)]);
    const glia = model({ inputs: [u, v], outputs: out, name: 'siamese' });
    expect(glia.weights).toHaveLength(4);
    const handler = memoryHandler();
    await glia.save(handler);
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory(asTfjsArtifacts(handler.artifacts!)));
    const shapes = [
      [5, 3],
      [5, 3],
    ];
    expect(await compare(glia, tfModel, shapes)).toBeLessThan(1e-6);
    const before = memory().numTensors;
    const again = await loadModel(handler);
    expect(again.getLayer('tower').className).toBe('Sequential');
    expect(await compare(again, tfModel, shapes)).toBeLessThan(1e-6);
    again.dispose();
    expect(memory().numTensors).toBe(before);
    glia.dispose();
    tfModel.dispose();
  });
});

/** A Keras 3 style functional file: input [2] -> dense -> add([input, dense]). */
function keras3File(): ModelArtifacts {
  const kerasTensor = (layer: string, shape: (number | null)[]) => ({
    class_name: '__keras_tensor__',
    config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] },
  });
  const modelTopology = {
    class_name: 'Functional',
    config: {
      name: 'keras3',
      trainable: true,
      layers: [
        {
          module: 'keras.layers',
          class_name: 'InputLayer',
          config: {
            batch_shape: [null, 2],
            dtype: 'float32',
            sparse: false,
            ragged: false,
            name: 'x',
          },
          registered_name: null,
          name: 'x',
          inbound_nodes: [],
        },
        {
          class_name: 'Dense',
          config: { name: 'd', units: 2, activation: 'linear', use_bias: true },
          name: 'd',
          build_config: { input_shape: [null, 2] },
          inbound_nodes: [{ args: [kerasTensor('x', [null, 2])], kwargs: {} }],
        },
        {
          class_name: 'Add',
          config: { name: 'sum' },
          name: 'sum',
          inbound_nodes: [
            { args: [[kerasTensor('x', [null, 2]), kerasTensor('d', [null, 2])]], kwargs: {} },
          ],
        },
      ],
      input_layers: [['x', 0, 0]],
      output_layers: [['sum', 0, 0]],
    },
  };
  const weights = new Float32Array([1, 2, 3, 4, 0.5, -0.5]);
  return {
    modelTopology,
    format: 'layers-model',
    weightSpecs: [
      { name: 'd/kernel', shape: [2, 2], dtype: 'float32' },
      { name: 'd/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: weights.buffer,
  };
}

describe('Keras 3 files and broken graphs', () => {
  it("reads Keras 3's inbound_nodes (args of __keras_tensor__s)", () => {
    const m = modelFromArtifacts(keras3File());
    const x = tensor([
      [1, 1],
      [0, 2],
    ]);
    const y = m.predict(x) as Tensor;
    // d(x) = x·[[1,2],[3,4]] + [0.5,-0.5]; out = x + d(x): [1,1] -> [5.5, 6.5]; [0,2] -> [6.5, 9.5]
    expect(Array.from(y.dataSync())).toEqual([5.5, 6.5, 6.5, 9.5]);
    x.dispose();
    y.dispose();
    m.dispose();
  });

  type Topology = ReturnType<typeof keras3File>['modelTopology'] & {
    config: { layers: { inbound_nodes: unknown[] }[]; output_layers: unknown[] };
  };
  const broken: [string, (t: Topology) => void, string, RegExp][] = [
    [
      'an inbound layer that does not exist',
      (t) => {
        t.config.layers[1]!.inbound_nodes = [[['ghost', 0, 0, {}]]];
      },
      'modelTopology.config.layers[1].inbound_nodes[0][0]',
      /refers to layer 'ghost', which does not exist/,
    ],
    [
      'a tensor index out of range',
      (t) => {
        t.config.layers[1]!.inbound_nodes = [[['x', 0, 1, {}]]];
      },
      'modelTopology.config.layers[1].inbound_nodes[0][0]',
      /tensor index 1 is out of range: layer 'x' has 1 output/,
    ],
    [
      'a node index out of range',
      (t) => {
        t.config.output_layers = [['sum', 3, 0]];
      },
      'modelTopology.config.output_layers[0]',
      /node index 3 is out of range/,
    ],
    [
      'a cycle',
      (t) => {
        t.config.layers[1]!.inbound_nodes = [[['sum', 0, 0, {}]]];
      },
      'modelTopology.config.layers[2].inbound_nodes[0]',
      /the graph has a cycle through layer 'sum'/,
    ],
    [
      'an unsupported call argument',
      (t) => {
        t.config.layers[1]!.inbound_nodes = [[['x', 0, 0, { scale: 2 }]]];
      },
      'modelTopology.config.layers[1].inbound_nodes[0][0][3].scale',
      /not supported/,
    ],
  ];
  for (const [name, edit, field, message] of broken) {
    it(`${name} is a ModelFileError before anything is allocated`, () => {
      const file = keras3File();
      edit(file.modelTopology as Topology);
      const before = memory().numTensors;
      let error: unknown;
      try {
        modelFromArtifacts(file).dispose();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ModelFileError);
      expect((error as ModelFileError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
      expect(memory().numTensors).toBe(before);
    });
  }
});
