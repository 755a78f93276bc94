/**
 * The layers added for porting, through the TF.js layers-model format both ways: a model Glia saves
 * loads in TF.js 4.22 and predicts the same, and the reverse.
 */
import { memory, tensor } from '@glia/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromMemory, memoryHandler } from '../io/handlers/memory';
import { loadModel } from '../io/load-model';
import { seededValues } from '../io/test-models';
import { singleOutput } from '../model/layers-model';
import { sequential } from '../model/sequential';
import * as layers from './index';
import { predictBoth, tfjsArtifacts, useCpuBesideTfjs } from './tfjs-oracle';

beforeAll(useCpuBesideTfjs);

/** A sequence model: Conv1D, the 1-D poolings, Permute, RepeatVector, the activation layers. */
const sequenceModel = {
  input: [3, 12, 4],
  glia: () =>
    sequential({
      layers: [
        layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same', inputShape: [12, 4] }),
        layers.leakyReLU({ alpha: 0.2 }),
        layers.maxPooling1d({ poolSize: 2 }),
        layers.spatialDropout1d({ rate: 0.3 }),
        layers.averagePooling1d({ poolSize: 2, strides: 1, padding: 'same' }),
        layers.permute({ dims: [2, 1] }),
        layers.globalMaxPooling1d(),
        layers.repeatVector({ n: 3 }),
        layers.conv1d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same' }),
        layers.elu(),
        layers.globalAveragePooling1d(),
        layers.dense({ units: 3 }),
        layers.softmax(),
      ],
    }),
  tfjs: () =>
    tf.sequential({
      layers: [
        tf.layers.conv1d({ filters: 6, kernelSize: 3, padding: 'same', inputShape: [12, 4] }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.maxPooling1d({ poolSize: 2 }),
        tf.layers.spatialDropout1d({ rate: 0.3 }),
        tf.layers.averagePooling1d({ poolSize: 2, strides: 1, padding: 'same' }),
        tf.layers.permute({ dims: [2, 1] }),
        tf.layers.globalMaxPooling1d({}),
        tf.layers.repeatVector({ n: 3 }),
        tf.layers.conv1d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same' }),
        tf.layers.elu({}),
        tf.layers.globalAveragePooling1d({}),
        tf.layers.dense({ units: 3 }),
        tf.layers.softmax({ axis: -1 }),
      ],
    }),
};

/** An image model: the depthwise convolutions, PReLU, Cropping2D, ReLU with a cap. */
const imageModel = {
  input: [2, 9, 9, 3],
  glia: () =>
    sequential({
      layers: [
        layers.separableConv2d({
          filters: 4,
          kernelSize: 3,
          depthMultiplier: 2,
          padding: 'same',
          inputShape: [9, 9, 3],
        }),
        layers.prelu({ sharedAxes: [1, 2], alphaInitializer: 'glorotUniform' }),
        layers.depthwiseConv2d({ kernelSize: 3, strides: 2 }),
        layers.cropping2D({
          cropping: [
            [1, 0],
            [0, 1],
          ],
        }),
        layers.reLU({ maxValue: 0.5 }),
        layers.dropout({ rate: 0.2, noiseShape: [null, 1, 1, 4] }),
        layers.flatten(),
        layers.dense({ units: 2 }),
      ],
    }),
  tfjs: () =>
    tf.sequential({
      layers: [
        // TF.js 4.22 leaves depthMultiplier out of SeparableConv2D's config (see below).
        tf.layers.separableConv2d({
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          inputShape: [9, 9, 3],
        }),
        tf.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: 'glorotUniform' }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2 }),
        tf.layers.cropping2D({
          cropping: [
            [1, 0],
            [0, 1],
          ],
        }),
        tf.layers.reLU({ maxValue: 0.5 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    }),
};

for (const [name, c] of [
  ['a sequence model', sequenceModel],
  ['an image model', imageModel],
] as const) {
  describe(name, () => {
    it('saved by Glia loads in TF.js and predicts the same', async () => {
      const glia = c.glia();
      const handler = memoryHandler();
      await glia.save(handler);
      const artifacts = handler.artifacts!;
      const theirs = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: artifacts.modelTopology,
          weightSpecs: artifacts.weightSpecs,
          weightData: artifacts.weightData,
        }),
      );
      const diff = await predictBoth(glia, theirs, c.input, 3);
      console.log(`Glia -> TF.js, ${name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      theirs.dispose();
    });

    it('saved by TF.js loads in Glia and predicts the same', async () => {
      const theirs = c.tfjs();
      const before = memory().numTensors;
      const glia = singleOutput(await loadModel(fromMemory(await tfjsArtifacts(theirs))));
      expect(glia.layers.map((l) => l.className)).toEqual(
        theirs.layers.map((l) => l.getClassName()),
      );
      const diff = await predictBoth(glia, theirs, c.input, 4);
      console.log(`TF.js -> Glia, ${name}: max |diff| = ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
      glia.dispose();
      expect(memory().numTensors).toBe(before);
      theirs.dispose();
    });
  });
}

describe('what TF.js 4.22 leaves out', () => {
  it("a SeparableConv2D's depthMultiplier: the weights then name the mismatch, before allocation", async () => {
    const theirs = tf.sequential({
      layers: [
        tf.layers.separableConv2d({
          filters: 2,
          kernelSize: 3,
          depthMultiplier: 2,
          inputShape: [5, 5, 3],
        }),
      ],
    });
    const before = memory().numTensors;
    await expect(loadModel(fromMemory(await tfjsArtifacts(theirs)))).rejects.toThrow(
      /depthwise_kernel' is \[3,3,3,2\]: the layer's weight is \[3,3,3,1\]/,
    );
    expect(memory().numTensors).toBe(before);
    theirs.dispose();
  });
});

describe('Keras 3 spellings', () => {
  it("LeakyReLU's negative_slope loads as alpha, and giving both is an error", async () => {
    const glia = sequential({ layers: [layers.leakyReLU({ alpha: 0.1, inputShape: [3] })] });
    const handler = memoryHandler();
    await glia.save(handler);
    const artifacts = handler.artifacts!;
    const text = JSON.stringify(artifacts.modelTopology);
    expect(text).toContain('"alpha":0.1');
    const keras3 = JSON.parse(text.replace('"alpha":0.1', '"negative_slope":0.1'));
    const copy = await loadModel(fromMemory({ ...artifacts, modelTopology: keras3 }));
    expect((copy.layers[0] as layers.LeakyReLU).alpha).toBe(0.1);
    const both = JSON.parse(text.replace('"alpha":0.1', '"alpha":0.1,"negative_slope":0.2'));
    await expect(loadModel(fromMemory({ ...artifacts, modelTopology: both }))).rejects.toThrow(
      /config\.negative_slope: .*alpha and negativeSlope name the same field/,
    );
    glia.dispose();
    copy.dispose();
  });
});

describe('Keras-only layers', () => {
  it('UpSampling1D, SpatialDropout2D and ReLU thresholds round-trip through Glia files', async () => {
    const glia = sequential({
      layers: [
        layers.upSampling1d({ size: 2, inputShape: [3, 2] }),
        layers.reLU({ threshold: 0.1, negativeSlope: 0.2 }),
        layers.reshape({ targetShape: [6, 1, 2] }),
        layers.spatialDropout2d({ rate: 0.5 }),
      ],
    });
    const handler = memoryHandler();
    await glia.save(handler);
    const copy = singleOutput(await loadModel(fromMemory(handler.artifacts!)));
    expect(copy.layers.map((l) => l.getConfig())).toEqual(glia.layers.map((l) => l.getConfig()));
    const x = tensor(seededValues(12, 5), [2, 3, 2]);
    const a = glia.predict(x);
    const b = copy.predict(x);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    for (const t of [x, a, b]) t.dispose();
    glia.dispose();
    copy.dispose();
  });
});
