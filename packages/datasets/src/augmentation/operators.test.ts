/**
 * The augmentation operators on datasets: shapes and value ranges kept, the same images for the
 * same seed, new draws on each pass, known pixel moves, the 90° rotation as transpose + reverse,
 * batches drawn image by image, and no leaks.
 */
import '@glia/backend-cpu';
import {
  memory,
  Prng,
  ready,
  reverse,
  setSeed,
  type Tensor,
  tensor,
  tidy,
  transpose,
} from '@glia/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../dataset/dataset';
import { augment, augmentImages, type ImageAugmentation } from '../index';

beforeAll(async () => {
  await ready();
});

function uniformImages(shape: number[], seed: number): Tensor {
  const prng = new Prng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Float32Array.from({ length: size }, () => prng.nextFloat()),
    shape,
  );
}

/** Runs `transform` over the images of a {xs, ys} dataset; returns the images' values. */
async function augmented(xs: Tensor, transform: ImageAugmentation): Promise<number[][]> {
  const ys = tensor(new Int32Array(xs.shape[0]!), [xs.shape[0]!], 'int32');
  const out: number[][] = [];
  for await (const element of Dataset.fromTensors({ xs, ys }).map(transform)) {
    expect(element.xs.shape).toEqual(xs.shape.slice(1));
    out.push(Array.from(element.xs.dataSync()));
    element.xs.dispose();
    element.ys.dispose();
  }
  ys.dispose();
  return out;
}

const operators: [string, (seed?: number) => ImageAugmentation][] = [
  ['randomFlip', (seed) => augment.randomFlip({ seed })],
  [
    'randomTranslation',
    (seed) => augment.randomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed }),
  ],
  ['randomRotation', (seed) => augment.randomRotation({ factor: 0.1, seed })],
  ['randomZoom', (seed) => augment.randomZoom({ heightFactor: 0.2, seed })],
  ['randomContrast', (seed) => augment.randomContrast({ factor: 0.4, valueRange: [0, 1], seed })],
  ['gaussianNoise', (seed) => augment.gaussianNoise({ stddev: 0.1, seed })],
  [
    'augmentImages',
    (seed) =>
      augmentImages({
        flip: 'horizontal',
        rotation: 0.05,
        zoom: 0.1,
        translation: { heightFactor: 0.1, widthFactor: 0.1 },
        contrast: { factor: 0.2, valueRange: [0, 1] },
        fillMode: 'constant',
        seed,
      }),
  ],
];

describe('every operator', () => {
  for (const [name, make] of operators) {
    it(`${name}: keeps shapes and ranges, repeats with its seed, draws anew each pass, leaks nothing`, async () => {
      const xs = uniformImages([5, 8, 8, 1], 2);
      const before = memory().numTensors;
      const first = await augmented(xs, make(3));
      expect(await augmented(xs, make(3))).toEqual(first);
      expect(await augmented(xs, make(4))).not.toEqual(first);
      const transform = make(3);
      const ys = tensor(new Int32Array(5), [5], 'int32');
      const dataset = Dataset.fromTensors({ xs, ys }).map(transform);
      const pass1 = (await dataset.toArray()).map((e) => {
        const v = Array.from(e.xs.dataSync());
        e.xs.dispose();
        e.ys.dispose();
        return v;
      });
      const pass2 = (await dataset.toArray()).map((e) => {
        const v = Array.from(e.xs.dataSync());
        e.xs.dispose();
        e.ys.dispose();
        return v;
      });
      expect(pass1).toEqual(first);
      expect(pass2).not.toEqual(pass1); // a new epoch, new draws
      ys.dispose();
      expect(memory().numTensors).toBe(before);
      if (name !== 'gaussianNoise') {
        for (const image of first)
          for (const v of image) expect(v >= -1e-6 && v <= 1 + 1e-6).toBe(true);
      }
      xs.dispose();
    });
  }

  it('a batch [n, h, w, c] draws image by image, as its images one at a time', () => {
    const xs = uniformImages([4, 6, 6, 2], 5);
    const settings = { factor: 0.2, seed: 9 } as const;
    const whole = tidy(() => Array.from(augment.randomRotation(settings)(xs).dataSync()));
    const transform = augment.randomRotation(settings);
    const oneByOne = tidy(() =>
      [0, 1, 2, 3].flatMap((i) => {
        const image = tensor(xs.dataSync().slice(i * 72, (i + 1) * 72), [6, 6, 2]);
        return Array.from(transform(image).dataSync());
      }),
    );
    expect(whole).toEqual(oneByOne);
    xs.dispose();
  });

  it('without a seed, follows setSeed', () => {
    const xs = uniformImages([6, 6, 1], 5);
    setSeed(3);
    const a = tidy(() => Array.from(augment.randomZoom({ heightFactor: 0.3 })(xs).dataSync()));
    setSeed(3);
    const b = tidy(() => Array.from(augment.randomZoom({ heightFactor: 0.3 })(xs).dataSync()));
    expect(a).toEqual(b);
    xs.dispose();
  });
});

describe('known moves', () => {
  it('a translation by (-1 row, +3 columns) moves pixel (2, 1) to (1, 4)', () => {
    const v = new Float32Array(36);
    v[2 * 6 + 1] = 1;
    const image = tensor(v, [6, 6, 1]);
    const out = tidy(() =>
      Array.from(
        augment
          .randomTranslation({
            heightFactor: [-1 / 6, -1 / 6],
            widthFactor: [0.5, 0.5],
            fillMode: 'constant',
            seed: 1,
          })(image)
          .dataSync(),
      ),
    );
    expect(out.indexOf(1)).toBe(1 * 6 + 4);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    image.dispose();
  });

  it('a flip moves pixel (r, c) to (r, w-1-c) or (h-1-r, c)', () => {
    const image = tensor(
      Float32Array.from({ length: 12 }, (_, i) => i),
      [3, 4, 1],
    );
    const seen = new Set<string>();
    const transform = augment.randomFlip({ mode: 'horizontal', seed: 2 });
    for (let k = 0; k < 10; k++) {
      const out = tidy(() => Array.from(transform(image).dataSync()));
      const mirrored = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8];
      expect([out.join(), mirrored.join()]).toContain(out.join());
      expect([Array.from(image.dataSync()).join(), mirrored.join()]).toContain(out.join());
      seen.add(out.join());
    }
    expect(seen.size).toBe(2);
    const vertical = augment.randomFlip({ mode: 'vertical', seed: 2 });
    for (let k = 0; k < 6; k++) {
      const out = tidy(() => Array.from(vertical(image).dataSync()));
      const flipped = tidy(() => Array.from(reverse(image, [0]).dataSync()));
      expect([Array.from(image.dataSync()).join(), flipped.join()]).toContain(out.join());
    }
    image.dispose();
  });

  it('a rotation by 90° of a square image is a transpose and a reverse', () => {
    const image = tensor(
      Float32Array.from({ length: 48 }, (_, i) => i),
      [4, 4, 3],
    );
    const out = tidy(() =>
      Array.from(
        augment
          .randomRotation({ factor: [0.25, 0.25], seed: 1 })(image)
          .dataSync(),
      ),
    );
    const expected = tidy(() => Array.from(reverse(transpose(image, [1, 0, 2]), [0]).dataSync()));
    out.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 5);
    });
    image.dispose();
  });

  it('composes: a horizontal flip after a 90° rotation is a transpose', () => {
    const image = tensor(
      Float32Array.from({ length: 16 }, (_, i) => i),
      [4, 4, 1],
    );
    const transform = augmentImages({ flip: 'horizontal', rotation: [0.25, 0.25], seed: 1 });
    const transposed = tidy(() => Array.from(transpose(image, [1, 0, 2]).dataSync()));
    const rotated = tidy(() => Array.from(reverse(transpose(image, [1, 0, 2]), [0]).dataSync()));
    const outs = new Set<string>();
    for (let k = 0; k < 8; k++) {
      const out = tidy(() => Array.from(transform(image).dataSync()).map((v) => Math.round(v)));
      expect([transposed.join(), rotated.join()]).toContain(out.join());
      outs.add(out.join());
    }
    expect(outs.size).toBe(2);
    image.dispose();
  });
});

describe('arguments', () => {
  it('rejects bad options and shapes with messages that name them', () => {
    expect(() => augment.randomTranslation({ heightFactor: 2, widthFactor: 0 })).toThrow(
      /translation.heightFactor 2 must lie within \[-1, 1\]/,
    );
    expect(() => augment.randomFlip({ mode: 'diagonal' as 'vertical' })).toThrow(
      /augmentImages: unknown flip 'diagonal': expected one of horizontal, vertical, horizontal_and_vertical/,
    );
    expect(() => augment.randomRotation({ factor: 0.1, fillMode: 'mirror' as 'wrap' })).toThrow(
      /augmentImages: unknown fillMode 'mirror': expected one of reflect, wrap, constant, nearest/,
    );
    expect(() => augment.gaussianNoise({ stddev: -1 })).toThrow(/must be >= 0/);
    const flat = tensor([1, 2, 3]);
    expect(() => augment.randomFlip({ seed: 1 })(flat)).toThrow(
      /expected \[height, width, channels\]/,
    );
    expect(() => augment.randomFlip({ seed: 1 })({ images: flat })).toThrow(/no tensor under 'xs'/);
    const single = tensor([[[1]]]);
    const out = augment.randomFlip({ seed: 1, key: 'images' })({ images: single, label: 3 });
    expect(out.label).toBe(3);
    expect(out.images).not.toBe(single);
    for (const t of [flat, single, out.images]) t.dispose();
  });
});
