/**
 * The catalog as a whole: every layer's config round-trips and has the fields TF.js writes, the
 * registry knows every class, and the seed CNN of the layers issue builds to Keras' parameter counts.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputLayer } from '../engine/input-layer';
import type { Layer } from '../engine/layer';
import { getLayerClass, listLayerClasses } from '../engine/layer-registry';
import { resetLayerNames } from '../engine/naming';
import { initializers } from '../initializers/index';
import { sequential } from '../model/sequential';
import { regularizers } from '../regularizers/index';
import { seedCnnLayers } from '../testing';
import * as layers from './index';
import { useCpu } from './test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

type TfLayer = { getClassName(): string; getConfig(): Record<string, unknown> };

/** The layer `glia` makes from `args`, beside the one TF.js's `tfjs` makes from the same args. */
function same<G, T>(
  glia: (args: G) => Layer,
  tfjs: (args: T) => TfLayer,
  args: NoInfer<G & T>,
): [Layer, TfLayer] {
  return [glia(args), tfjs(args)];
}

/** Each layer with non-default settings, beside the same layer made by TF.js. */
const pairs: [Layer, TfLayer][] = [
  [
    layers.dense({
      units: 3,
      activation: 'relu',
      inputShape: [4],
      useBias: false,
      kernelInitializer: 'heNormal',
      kernelRegularizer: regularizers.l2({ l2: 0.5 }),
    }),
    tf.layers.dense({
      units: 3,
      activation: 'relu',
      inputShape: [4],
      useBias: false,
      kernelInitializer: 'heNormal',
      kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }),
    }),
  ],
  same(layers.conv2d, tf.layers.conv2d, {
    filters: 2,
    kernelSize: [3, 2],
    strides: 2,
    padding: 'same',
    activation: 'softmax',
    kernelInitializer: 'glorotUniform',
  }),
  [
    layers.conv2d({
      filters: 2,
      kernelSize: 3,
      dilationRate: 2,
      kernelInitializer: 'glorotNormal',
      biasRegularizer: 'l1l2',
    }),
    tf.layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2, biasRegularizer: 'l1l2' }),
  ],
  [
    layers.conv2dTranspose({
      filters: 4,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      kernelInitializer: 'glorotNormal',
    }),
    tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
  ],
  same(layers.maxPooling2d, tf.layers.maxPooling2d, { poolSize: 3, strides: 1, padding: 'same' }),
  same(layers.averagePooling2d, tf.layers.averagePooling2d, { poolSize: [2, 3] }),
  [layers.globalAveragePooling2d(), tf.layers.globalAveragePooling2d({})],
  [layers.globalMaxPooling2d(), tf.layers.globalMaxPooling2d({})],
  [layers.flatten(), tf.layers.flatten()],
  same(layers.reshape, tf.layers.reshape, { targetShape: [2, -1, 3] }),
  same(layers.dropout, tf.layers.dropout, { rate: 0.3, seed: 5 }),
  [
    layers.batchNormalization({
      axis: 1,
      momentum: 0.9,
      epsilon: 0.01,
      center: false,
      gammaRegularizer: 'l2',
    }),
    tf.layers.batchNormalization({
      axis: 1,
      momentum: 0.9,
      epsilon: 0.01,
      center: false,
      gammaRegularizer: tf.regularizers.l2(),
    }),
  ],
  same(layers.layerNormalization, tf.layers.layerNormalization, { axis: [1, 2], scale: false }),
  same(layers.activation, tf.layers.activation, { activation: 'tanh' }),
  [
    layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5 }),
    tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5, maskZero: false }),
  ],
  same(layers.upSampling2d, tf.layers.upSampling2d, { size: [2, 3] }),
  same(layers.zeroPadding2d, tf.layers.zeroPadding2d, { padding: [1, 2] }),
  same(layers.gaussianNoise, tf.layers.gaussianNoise, { stddev: 0.3 }),
  same(layers.masking, tf.layers.masking, { maskValue: -1 }),
  [layers.add(), tf.layers.add({})],
  [layers.multiply(), tf.layers.multiply({})],
  [layers.average(), tf.layers.average({})],
  [layers.maximum(), tf.layers.maximum({})],
  [layers.minimum(), tf.layers.minimum({})],
  same(layers.concatenate, tf.layers.concatenate, { axis: 1 }),
  same(layers.dot, tf.layers.dot, { axes: [1, 2], normalize: true }),
  [
    new InputLayer({ batchInputShape: [null, 3], name: 'in' }),
    tf.layers.inputLayer({ batchInputShape: [null, 3], name: 'in' }),
  ],
  [
    layers.conv1d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    tf.layers.conv1d({
      filters: 2,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: 'glorotUniform',
    }),
  ],
  same(layers.separableConv2d, tf.layers.separableConv2d, {
    filters: 3,
    kernelSize: [3, 2],
    padding: 'same',
    useBias: false,
  }),
  [
    layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2 }),
    tf.layers.depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      depthwiseInitializer: 'glorotUniform',
    }),
  ],
  same(layers.maxPooling1d, tf.layers.maxPooling1d, { poolSize: 3 }),
  same(layers.averagePooling1d, tf.layers.averagePooling1d, {
    poolSize: 2,
    strides: 1,
    padding: 'same',
  }),
  [layers.globalAveragePooling1d(), tf.layers.globalAveragePooling1d({})],
  [layers.globalMaxPooling1d(), tf.layers.globalMaxPooling1d({})],
  same(layers.cropping2D, tf.layers.cropping2D, { cropping: [1, 2] }),
  same(layers.permute, tf.layers.permute, { dims: [2, 1] }),
  same(layers.repeatVector, tf.layers.repeatVector, { n: 4 }),
  same(layers.leakyReLU, tf.layers.leakyReLU, { alpha: 0.2 }),
  same(layers.prelu, tf.layers.prelu, { sharedAxes: [1, 2] }),
  [layers.elu(), tf.layers.elu({})],
  same(layers.reLU, tf.layers.reLU, { maxValue: 6 }),
  [layers.softmax(), tf.layers.softmax({ axis: -1 })],
  same(layers.spatialDropout1d, tf.layers.spatialDropout1d, { rate: 0.2, seed: 3 }),
  same(layers.dropout, tf.layers.dropout, { rate: 0.3, noiseShape: [2, 1, 4] }),
];

/**
 * Keras 3 layers that TF.js lacks: augmentation/augmentation.test.ts and (the two others)
 * 'Keras-only layers' below check their configs.
 */
const KERAS_ONLY = [
  'Subtract',
  'UpSampling1D',
  'SpatialDropout2D',
  'RandomTranslation',
  'RandomRotation',
  'RandomZoom',
  'RandomFlip',
  'RandomContrast',
];

/** JSON values, with TF.js' undefined (absent) seeds and Glia's null ones treated alike. */
const json = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x)));

describe('every layer', () => {
  it('is in LAYER_CLASSES, the registry and this test', () => {
    // The recurrent layers' configs are checked against TF.js's in recurrent/tfjs.test.ts.
    const recurrent = layers.RECURRENT_LAYER_CLASSES.map((c) => c.className);
    const tested = new Set([...pairs.map(([l]) => l.className), ...KERAS_ONLY, ...recurrent]);
    expect(layers.LAYER_CLASSES.map((c) => c.className).sort()).toEqual([...tested].sort());
    expect(listLayerClasses()).toEqual(expect.arrayContaining([...tested]));
    for (const cls of layers.LAYER_CLASSES) expect(getLayerClass(cls.className)).toBe(cls);
  });

  for (const [layer, tfLayer] of pairs) {
    describe(layer.className, () => {
      it('has the class name and config fields TF.js gives it, with the same values', () => {
        expect(layer.className).toBe(tfLayer.getClassName());
        const ours = layer.getConfig();
        const theirs = tfLayer.getConfig();
        delete ours.name;
        delete theirs.name;
        // TF.js writes dtype only for a model's first layer; Glia always does.
        if (!('dtype' in theirs)) delete ours.dtype;
        expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
        expect(json(ours)).toEqual(json(theirs));
      });

      it('round-trips through fromConfig(getConfig())', () => {
        const config = layer.getConfig();
        const copy = getLayerClass(layer.className).fromConfig(JSON.parse(JSON.stringify(config)));
        expect(copy).toBeInstanceOf(layer.constructor);
        expect(copy.getConfig()).toEqual(config);
      });
    });
  }

  it('fromConfig rejects unknown fields, unsupported ones, and bad values', () => {
    expect(() => layers.Dense.fromConfig({ units: 2, kernelSizes: 3 })).toThrow(
      /Dense.fromConfig: unknown config field 'kernelSizes': expected only name, trainable/,
    );
    expect(() =>
      layers.Dense.fromConfig({ units: 2, kernelConstraint: { className: 'MaxNorm', config: {} } }),
    ).toThrow(/Dense.fromConfig: kernelConstraint .* is not supported: expected null/);
    expect(() =>
      layers.Dense.fromConfig(JSON.parse('{"units": 2, "__proto__": {"x": 1}}')),
    ).toThrow(/unknown config field '__proto__'/);
    expect(() => layers.Dense.fromConfig({ units: 'two' })).toThrow(
      /units must be a positive integer, got "two"/,
    );
    expect(() =>
      layers.Dense.fromConfig({ units: 2, kernelInitializer: { className: 'Evil', config: {} } }),
    ).toThrow(/unknown initializer class 'Evil'/);
    expect(() => layers.Dense.fromConfig({ units: 2, trainable: 'yes' })).toThrow(
      /trainable must be true or false/,
    );
    expect(() => layers.Dropout.fromConfig({ rate: 0.5, noiseShape: [0, 2] })).toThrow(
      /noiseShape must be an array of positive integers or null/,
    );
    expect(() => layers.Dense.fromConfig({ units: 2, use_bias: true })).toThrow(
      /unknown config field 'use_bias' \(did you mean 'useBias'\?\)/,
    );
    expect(() =>
      layers.Conv2D.fromConfig({ filters: 1, kernelSize: 3, dataFormat: 'channelsFirst' }),
    ).toThrow(/dataFormat "channelsFirst" is not supported/);
  });

  it('Keras-only layers round-trip and write the fields Keras writes', () => {
    const up = layers.upSampling1d({ size: 3 });
    expect(up.getConfig()).toMatchObject({ size: 3 });
    const drop = layers.spatialDropout2d({ rate: 0.25 });
    expect(drop.getConfig()).toMatchObject({ rate: 0.25, seed: null, dataFormat: 'channelsLast' });
    for (const layer of [up, drop]) {
      const copy = getLayerClass(layer.className).fromConfig(
        JSON.parse(JSON.stringify(layer.getConfig())),
      );
      expect(copy.getConfig()).toEqual(layer.getConfig());
    }
  });

  it('a ReLU with Keras-only settings writes them; at their defaults it writes what TF.js does', () => {
    expect(layers.reLU({ threshold: 0.5, negativeSlope: 0.1 }).getConfig()).toMatchObject({
      threshold: 0.5,
      negativeSlope: 0.1,
    });
    expect(Object.keys(layers.reLU().getConfig())).not.toContain('threshold');
  });

  it('loads TF.js configs, which spell initializers as VarianceScaling', () => {
    const config = tf.layers.dense({ units: 3, kernelInitializer: 'heUniform' }).getConfig();
    const layer = layers.Dense.fromConfig(json(config) as Record<string, unknown>);
    expect(layer.kernelInitializer.getConfig()).toEqual({
      scale: 2,
      mode: 'fanIn',
      distribution: 'uniform',
      seed: null,
    });
  });
});

describe('the seed CNN of the layers issue', () => {
  function seedCnn() {
    return sequential({ layers: seedCnnLayers(layers) });
  }

  it('has 93,322 parameters, in Keras per-layer counts and output shapes', () => {
    const model = seedCnn();
    expect(model.countParams()).toBe(93322);
    expect(model.layers.map((l) => l.countParams())).toEqual([
      320, 0, 18496, 0, 36928, 0, 36928, 650,
    ]);
    const text = model.summary({ print: false });
    expect(text).toContain('Total params: 93,322');
    expect(text).toContain('Trainable params: 93,322');
    expect(text).toContain('Non-trainable params: 0');
    const rows = [
      ['conv2d (Conv2D)', '(None, 26, 26, 32)', '320'],
      ['max_pooling2d (MaxPooling2D)', '(None, 13, 13, 32)', '0'],
      ['conv2d_1 (Conv2D)', '(None, 11, 11, 64)', '18,496'],
      ['max_pooling2d_1 (MaxPooling2D)', '(None, 5, 5, 64)', '0'],
      ['conv2d_2 (Conv2D)', '(None, 3, 3, 64)', '36,928'],
      ['flatten (Flatten)', '(None, 576)', '0'],
      ['dense (Dense)', '(None, 64)', '36,928'],
      ['dense_1 (Dense)', '(None, 10)', '650'],
    ];
    for (const [name, shape, params] of rows) {
      expect(text).toMatch(
        new RegExp(
          `^ ${name!.replace(/[()]/g, '\\$&')}\\s+${shape!.replace(/[()]/g, '\\$&')}\\s+${params}$`,
          'm',
        ),
      );
    }
    model.dispose();
  });

  it('matches TF.js: the same model there has the same parameter counts', () => {
    const model = tf.sequential({ layers: seedCnnLayers(tf.layers) });
    expect(model.layers.map((l) => l.countParams())).toEqual([
      320, 0, 18496, 0, 36928, 0, 36928, 650,
    ]);
    model.dispose();
  });

  it('a layer that does not fit the model is named in the error and not added', () => {
    const model = seedCnn();
    expect(() => model.add(layers.conv2d({ filters: 1, kernelSize: 3, name: 'late' }))).toThrow(
      "Conv2D 'late': input shape (None, 10) has rank 2: expected rank 4 (batch, height, width, channels)",
    );
    expect(model.layers).toHaveLength(8);
    model.dispose();
  });

  it('runs forward on a batch, giving probabilities', () => {
    const model = seedCnn();
    const y = model.apply(layersInput());
    expect(y.shape).toEqual([2, 10]);
    const p = y.dataSync();
    for (let r = 0; r < 2; r++)
      expect(Array.from(p.slice(r * 10, r * 10 + 10)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });
});

function layersInput() {
  return initializers.randomUniform({ seed: 1, minval: 0, maxval: 1 }).apply([2, 28, 28, 1]);
}
