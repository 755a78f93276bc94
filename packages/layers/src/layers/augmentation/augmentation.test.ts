/**
 * The augmentation layers: shapes and value ranges kept, seeded repeatability, identity at
 * inference, known moves of known pixels, the 90° rotation as transpose + reverse, the fill modes,
 * gradients through the resampling, config round trips, and no leaks.
 */
import { checkGradient } from '@glia/autograd';
import {
  fillIndex,
  memory,
  planImageSampling,
  resampleImages,
  reshape,
  reverse,
  rotationTransform,
  type Tensor,
  tensor,
  tidy,
  translationTransform,
  transpose,
  ValueError,
} from '@glia/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getLayerClass } from '../../engine/layer-registry';
import { resetLayerNames } from '../../engine/naming';
import { fromMemory, memoryHandler } from '../../io/handlers/memory';
import { loadModel } from '../../io/load-model';
import { sequential } from '../../model/sequential';
import * as layers from '../index';
import { expectClose, randomTensor, useCpu } from '../test-support';

beforeAll(useCpu);
beforeEach(() => resetLayerNames());

const TRAIN = { training: true };

/** A [n, h, w, c] image whose pixel values are their flat index (distinct, easy to trace). */
function ramp(n: number, h: number, w: number, c = 1): Tensor {
  return tensor(
    Float32Array.from({ length: n * h * w * c }, (_, i) => i),
    [n, h, w, c],
  );
}

function run(layer: layers.AugmentationLayer, x: Tensor, training = true): Float32Array {
  const y = layer.apply(x, { training });
  const values = Float32Array.from(y.dataSync());
  expect(y.shape).toEqual(x.shape);
  y.dispose();
  return values;
}

const makers: [string, (seed?: number) => layers.AugmentationLayer][] = [
  [
    'RandomTranslation',
    (seed) => layers.randomTranslation({ heightFactor: 0.2, widthFactor: 0.3, seed }),
  ],
  ['RandomRotation', (seed) => layers.randomRotation({ factor: 0.1, seed })],
  [
    'RandomZoom',
    (seed) => layers.randomZoom({ heightFactor: [-0.3, 0.3], widthFactor: 0.2, seed }),
  ],
  ['RandomFlip', (seed) => layers.randomFlip({ seed })],
  ['RandomContrast', (seed) => layers.randomContrast({ factor: 0.5, valueRange: [0, 1], seed })],
  ['GaussianNoise', (seed) => layers.gaussianNoise({ stddev: 0.1, seed })],
];

describe('every augmentation layer', () => {
  for (const [name, make] of makers) {
    describe(name, () => {
      it('keeps the shape, and values in [0, 1] stay in [0, 1] (but for the noise)', () => {
        const x = randomTensor([3, 9, 7, 2], 5, 0, 1);
        const out = run(make(1), x);
        if (name !== 'GaussianNoise') {
          for (const v of out) expect(v >= -1e-6 && v <= 1 + 1e-6).toBe(true);
        }
        x.dispose();
      });

      it('repeats exactly with the same seed, changes between calls, and leaks nothing', () => {
        const x = randomTensor([4, 8, 8, 1], 3, 0, 1);
        const before = memory().numTensors;
        const a = make(7);
        const b = make(7);
        const first = run(a, x);
        expect(run(b, x)).toEqual(first);
        expect(run(a, x)).not.toEqual(first); // the generator advances per call
        expect(run(make(8), x)).not.toEqual(first);
        expect(memory().numTensors).toBe(before);
        x.dispose();
      });

      it('is the identity at inference', () => {
        const x = randomTensor([2, 6, 6, 3], 4, 0, 1);
        expect(run(make(1), x, false)).toEqual(Float32Array.from(x.dataSync()));
        x.dispose();
      });

      it('round-trips its config and is registered', () => {
        const layer = make(3);
        const again = (getLayerClass(name) as typeof layers.RandomFlip).fromConfig(
          layer.getConfig(),
        );
        expect(again.getConfig()).toEqual(layer.getConfig());
        expect(again.className).toBe(name);
        const x = randomTensor([2, 6, 6, 1], 2, 0, 1);
        expect(run(again, x)).toEqual(run(layer, x));
        x.dispose();
      });
    });
  }

  it('without a seed, follows setSeed through core’s global generator', async () => {
    const { setSeed } = await import('@glia/core');
    const x = randomTensor([2, 6, 6, 1], 2, 0, 1);
    setSeed(11);
    const first = run(layers.randomRotation({ factor: 0.2 }), x);
    setSeed(11);
    expect(run(layers.randomRotation({ factor: 0.2 }), x)).toEqual(first);
    x.dispose();
  });

  it('trains inside a model: augmentation in fit, identity in predict', async () => {
    const model = sequential({
      layers: [
        layers.randomFlip({ mode: 'horizontal', seed: 1, inputShape: [4, 4, 1] }),
        layers.randomTranslation({ heightFactor: 0.25, widthFactor: 0.25, seed: 2 }),
        layers.flatten(),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const x = randomTensor([8, 4, 4, 1], 1, 0, 1);
    const y = tensor(new Int32Array([0, 1, 0, 1, 0, 1, 0, 1]), [8], 'int32');
    const before = memory().numTensors;
    await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
    const p1 = model.predict(x);
    const p2 = model.predict(x);
    expect(p1.dataSync()).toEqual(p2.dataSync());
    p1.dispose();
    p2.dispose();
    expect(memory().numTensors).toBe(before);
    model.dispose();
    x.dispose();
    y.dispose();
  });
});

describe('saved models', () => {
  it('save and load every augmentation layer through model.json (snake_case, validated)', async () => {
    const model = sequential({
      layers: [
        layers.randomFlip({ mode: 'horizontal_and_vertical', seed: 1, inputShape: [6, 6, 1] }),
        layers.randomTranslation({
          heightFactor: [-0.2, 0.1],
          widthFactor: 0.1,
          fillMode: 'constant',
          fillValue: 0.5,
        }),
        layers.randomRotation({ factor: 0.1, interpolation: 'nearest', seed: 3 }),
        layers.randomZoom({ heightFactor: 0.2, fillMode: 'wrap' }),
        layers.randomContrast({ factor: [0.1, 0.3], valueRange: [0, 1] }),
        layers.gaussianNoise({ stddev: 0.05, seed: 4 }),
      ],
    });
    const handler = memoryHandler();
    await model.save(handler);
    const topology = JSON.stringify(handler.artifacts?.modelTopology);
    expect(topology).toContain('"class_name":"RandomTranslation"');
    expect(topology).toContain('"fill_mode":"constant"');
    expect(topology).toContain('"mode":"horizontal_and_vertical"');
    const loaded = await loadModel(fromMemory(handler.artifacts!));
    expect(loaded.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
    loaded.dispose();
    model.dispose();
  });
});

describe('known moves', () => {
  it('a translation by (+2 rows, -1 column) moves pixel (1, 3) to (3, 2)', () => {
    const x = tensor(new Float32Array(64), [1, 8, 8, 1]);
    const marked = tidy(() => {
      const v = new Float32Array(64);
      v[1 * 8 + 3] = 1;
      return tensor(v, [1, 8, 8, 1]);
    });
    const layer = layers.randomTranslation({
      heightFactor: [0.25, 0.25],
      widthFactor: [-0.125, -0.125],
      fillMode: 'constant',
      seed: 1,
    });
    const out = run(layer, marked);
    expect(out.indexOf(1)).toBe(3 * 8 + 2);
    expect(out.reduce((a, b) => a + b, 0)).toBe(1);
    x.dispose();
    marked.dispose();
  });

  it('a horizontal flip moves pixel (r, c) to (r, w-1-c); flips are whole-pixel gathers', () => {
    const x = ramp(16, 3, 5);
    const layer = layers.randomFlip({ mode: 'horizontal', seed: 4 });
    const out = run(layer, x);
    let flipped = 0;
    for (let i = 0; i < 16; i++) {
      const image = out.subarray(i * 15, (i + 1) * 15);
      const same = image.every((v, p) => v === i * 15 + p);
      const mirrored = image.every((v, p) => v === i * 15 + Math.floor(p / 5) * 5 + (4 - (p % 5)));
      expect(same || mirrored).toBe(true);
      if (mirrored) flipped++;
    }
    expect(flipped).toBeGreaterThan(2); // each image flips with probability 1/2
    expect(flipped).toBeLessThan(14);
    x.dispose();
  });

  it('a vertical flip reverses the rows', () => {
    const layer = layers.randomFlip({ mode: 'vertical', seed: 9 });
    const x = ramp(12, 4, 3, 2);
    const out = run(layer, x);
    const expected = tidy(() => reverse(x, [1]).dataSync());
    let flipped = 0;
    for (let i = 0; i < 12; i++) {
      const slice = (a: ArrayLike<number>) => Array.from(a).slice(i * 24, (i + 1) * 24);
      if (slice(out).join() === slice(expected).join()) flipped++;
      else expect(slice(out)).toEqual(slice(x.dataSync()));
    }
    expect(flipped).toBeGreaterThan(0);
    x.dispose();
  });

  it('a rotation by 90° of a square image is a transpose and a reverse (counter-clockwise)', () => {
    const x = ramp(2, 5, 5, 3);
    for (const interpolation of ['bilinear', 'nearest'] as const) {
      const layer = layers.randomRotation({ factor: [0.25, 0.25], interpolation, seed: 1 });
      const out = run(layer, x);
      const expected = tidy(() => reverse(transpose(x, [0, 2, 1, 3]), [1]).dataSync());
      expectClose(out, expected, 1e-5);
    }
    x.dispose();
  });

  it('a zoom of 2 (factor 1) shows the centre half of the image, 0.5 the image at half size', () => {
    const x = ramp(1, 5, 5);
    const zoomIn = run(layers.randomZoom({ heightFactor: [-0.5, -0.5], seed: 1 }), x);
    // zoom 0.5: output (y, x) reads input (0.5·y + 1, 0.5·x + 1): the centre pixel stays.
    expect(zoomIn[12]).toBeCloseTo(12);
    expect(zoomIn[0]).toBeCloseTo(6); // reads (1, 1)
    expect(zoomIn[1]).toBeCloseTo(6.5); // reads (1, 1.5)
    const zoomOut = run(
      layers.randomZoom({ heightFactor: [1, 1], fillMode: 'constant', fillValue: -1, seed: 1 }),
      x,
    );
    // zoom 2: output (y, x) reads input (2y - 2, 2x - 2): corners read outside, the fill.
    expect(zoomOut[0]).toBe(-1);
    expect(zoomOut[12]).toBeCloseTo(12);
    expect(zoomOut[6]).toBeCloseTo(0); // (1, 1) reads (0, 0)
    x.dispose();
  });

  it('contrast scales deviations from each image’s per-channel mean, then clips', () => {
    const x = tensor([0, 10, 20, 30, 100, 100, 100, 100], [2, 2, 2, 1]);
    const layer = layers.randomContrast({ factor: [0.5, 0.5], valueRange: [0, 255], seed: 1 });
    const out = run(layer, x);
    // factor in [0.5, 1.5]: (v - 15)·f + 15 for the first image, clipped at 0; the second is flat.
    const f = (out[3]! - 15) / 15;
    expect(f).toBeGreaterThanOrEqual(0.5);
    expect(f).toBeLessThanOrEqual(1.5);
    expectClose(
      out.subarray(0, 4),
      [15 - 15 * f, 15 - 5 * f, 15 + 5 * f, 15 + 15 * f].map((v) => Math.max(0, v)),
      1e-5,
    );
    expectClose(out.subarray(4), [100, 100, 100, 100]);
    x.dispose();
  });
});

describe('fill modes and sampling', () => {
  it('index fixers follow Keras: reflect dcba|abcd|dcba, wrap, nearest, constant', () => {
    const at = (mode: 'reflect' | 'wrap' | 'nearest' | 'constant') =>
      [-5, -4, -1, 0, 3, 4, 7, 8].map((i) => fillIndex(i, 4, mode));
    expect(at('reflect')).toEqual([3, 3, 0, 0, 3, 3, 0, 0]);
    expect(at('wrap')).toEqual([3, 0, 3, 0, 3, 0, 3, 0]);
    expect(at('nearest')).toEqual([0, 0, 0, 0, 3, 3, 3, 3]);
    expect(at('constant')).toEqual([-1, -1, -1, 0, 3, -1, -1, -1]);
  });

  it('a translation by 1.5 columns reads halfway between pixels, with each fill mode', () => {
    const row = tensor([1, 2, 3, 4], [1, 1, 4, 1]);
    const shifted = (fillMode: 'reflect' | 'wrap' | 'nearest' | 'constant') =>
      tidy(() =>
        Array.from(
          resampleImages(
            row,
            planImageSampling([translationTransform(1.5, 0)], 1, 4, fillMode, 'bilinear'),
            9,
          ).dataSync(),
        ),
      );
    // output x reads input x - 1.5: -1.5, -0.5, 0.5, 1.5.
    expect(shifted('reflect')).toEqual([1.5, 1, 1.5, 2.5]); // -2 -> 1, -1 -> 0
    expect(shifted('wrap')).toEqual([3.5, 2.5, 1.5, 2.5]); // -2 -> 2, -1 -> 3
    expect(shifted('nearest')).toEqual([1, 1, 1.5, 2.5]);
    expect(shifted('constant')).toEqual([9, 5, 1.5, 2.5]);
    row.dispose();
  });

  it('rotation keeps the centre pixel where it is', () => {
    const plan = planImageSampling([rotationTransform(0.7, 5, 7)], 5, 7, 'constant', 'nearest');
    expect(plan.indices[2 * 7 + 3]).toBe(2 * 7 + 3);
  });

  it('gradients flow through the resampling (bilinear, constant fill)', () => {
    const plan = planImageSampling(
      [rotationTransform(0.3, 4, 4), translationTransform(0.5, -0.7)],
      4,
      4,
      'constant',
      'bilinear',
    );
    const x = randomTensor([2, 4, 4, 2], 6);
    const result = checkGradient((images: Tensor) => resampleImages(images, plan, 0.5), [x]);
    expect(result.ok, result.message).toBe(true);
    x.dispose();
  });
});

describe('arguments', () => {
  it('rejects bad factors, modes and input ranks with messages that name them', () => {
    expect(() => layers.randomTranslation({ heightFactor: 1.5, widthFactor: 0 })).toThrow(
      /heightFactor 1.5 must lie within \[-1, 1\]/,
    );
    expect(() => layers.randomRotation({ factor: [0.2, 0.1] })).toThrow(/lower bound 0.2 exceeds/);
    expect(() => layers.randomZoom({ heightFactor: [-1.5, 0] })).toThrow(ValueError);
    expect(() => layers.randomRotation({ factor: 0.1, fillMode: 'mirror' as 'reflect' })).toThrow(
      /fillMode must be one of 'reflect', 'wrap', 'constant', 'nearest'/,
    );
    expect(() => layers.randomFlip({ mode: 'diagonal' as 'horizontal' })).toThrow(
      /mode must be one of/,
    );
    expect(() => layers.randomContrast({ factor: 1.5 })).toThrow(/values in \[0, 1\]/);
    expect(() => layers.gaussianNoise({ stddev: -1 })).toThrow(/stddev/);
    const flat = tensor([1, 2, 3], [1, 3]);
    expect(() => layers.randomFlip().apply(flat, TRAIN)).toThrow(/expected rank 4/);
    flat.dispose();
  });

  it('reads Keras’ snake_case enum spellings camelCased by model files', () => {
    expect(layers.RandomFlip.fromConfig({ mode: 'horizontalAndVertical' }).mode).toBe(
      'horizontal_and_vertical',
    );
    expect(
      layers.RandomZoom.fromConfig({ heightFactor: 0.1, dataFormat: 'channelsLast' }).widthFactor,
    ).toBe(null);
  });

  it('reshape keeps working for a single image batch (sanity of the ramp helper)', () => {
    const x = ramp(1, 2, 2);
    expect(Array.from(reshape(x, [4]).dataSync())).toEqual([0, 1, 2, 3]);
    x.dispose();
  });
});
