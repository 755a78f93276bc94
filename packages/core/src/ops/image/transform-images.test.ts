// transformImages against hand-computed pixels, on a backend that has only the primitive kernels:
// the op needs no image kernel.
import { beforeAll, describe, expect, it } from 'vitest';
import { createNaiveBackend } from '../../composites/test-support/naive-backend';
import {
  composeTransforms,
  fillIndex,
  flipTransform,
  IDENTITY_TRANSFORM,
  memory,
  registerBackend,
  setBackend,
  type Tensor,
  tensor,
  tidy,
  transformImages,
  translationTransform,
} from '../../index';

beforeAll(async () => {
  registerBackend('naive-image', () => createNaiveBackend('naive-image'));
  await setBackend('naive-image');
});

const values = (t: Tensor): number[] => Array.from(t.dataSync());
/** The row 1 2 3 4 as one [1, 1, 4, 1] image. */
const row = (): Tensor => tensor([1, 2, 3, 4], [1, 1, 4, 1]);

describe('transformImages', () => {
  it('leaves images unchanged under the identity, channels and all', () => {
    const images = tensor(
      Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => i),
      [2, 2, 3, 2],
    );
    const out = transformImages(images, [IDENTITY_TRANSFORM, IDENTITY_TRANSFORM]);
    expect(out.shape).toEqual([2, 2, 3, 2]);
    expect(values(out)).toEqual(values(images));
  });

  it('shifts two columns right, filling the first two by each fill mode', () => {
    // Output x reads input x - 2: columns -2, -1, 0, 1.
    const shifted = (fillMode: 'constant' | 'reflect' | 'wrap' | 'nearest') =>
      tidy(() =>
        values(transformImages(row(), [translationTransform(2, 0)], { fillMode, fillValue: 9 })),
      );
    expect(shifted('constant')).toEqual([9, 9, 1, 2]);
    expect(shifted('reflect')).toEqual([2, 1, 1, 2]); // b a | a b c d
    expect(shifted('wrap')).toEqual([3, 4, 1, 2]); // c d | a b c d
    expect(shifted('nearest')).toEqual([1, 1, 1, 2]); // a a | a b c d
  });

  it('fills with 0 by default (constant mode, as TF)', () => {
    expect(tidy(() => values(transformImages(row(), [translationTransform(-1, 0)])))).toEqual([
      2, 3, 4, 0,
    ]);
  });

  it('reads halfway between pixels at a half-pixel shift: bilinear averages, nearest rounds up', () => {
    // Output x reads input x - 0.5: -0.5, 0.5, 1.5, 2.5.
    const at = (interpolation: 'bilinear' | 'nearest') =>
      tidy(() =>
        values(
          transformImages(row(), [translationTransform(0.5, 0)], {
            interpolation,
            fillMode: 'constant',
            fillValue: 9,
          }),
        ),
      );
    expect(at('bilinear')).toEqual([5, 1.5, 2.5, 3.5]); // (9 + 1) / 2, then neighbour means
    expect(at('nearest')).toEqual([1, 2, 3, 4]); // floor(x + 0.5): 0, 1, 2, 3
  });

  it('moves down rows as the 8-parameter transform says, one transform for every image', () => {
    const column = tensor([1, 2, 3, 10, 20, 30], [2, 3, 1, 1]);
    const out = transformImages(column, [translationTransform(0, 1)], { fillMode: 'nearest' });
    expect(values(out)).toEqual([1, 1, 2, 10, 10, 20]);
  });

  it('composes a flip and a shift, and honours outputShape', () => {
    const mirrorThenShift = composeTransforms(
      flipTransform(true, false, 1, 4),
      translationTransform(1, 0),
    );
    expect(tidy(() => values(transformImages(row(), [mirrorThenShift])))).toEqual([0, 4, 3, 2]);
    const out = transformImages(row(), [IDENTITY_TRANSFORM], { outputShape: [2, 2], fillValue: 7 });
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(values(out)).toEqual([1, 2, 7, 7]);
  });

  it('leaves only its output behind', () => {
    const images = row();
    const before = memory().numTensors;
    const out = transformImages(images, [translationTransform(0.5, 0.25)], { fillMode: 'reflect' });
    expect(memory().numTensors).toBe(before + 1);
    out.dispose();
    images.dispose();
  });

  it('rejects bad ranks, transform counts and modes with messages that name them', () => {
    const images = row();
    expect(() => transformImages(tensor([1, 2], [1, 2]), [IDENTITY_TRANSFORM])).toThrow(
      /transformImages: images have shape \[1,2\]: expected \[batch, height, width, channels\]/,
    );
    expect(() => transformImages(images, [IDENTITY_TRANSFORM, IDENTITY_TRANSFORM])).toThrow(
      /2 transforms for 1 images: expected 1 or 1/,
    );
    expect(() =>
      transformImages(images, [IDENTITY_TRANSFORM], { fillMode: 'mirror' as 'reflect' }),
    ).toThrow(/fillMode must be one of 'reflect', 'wrap', 'constant', 'nearest', got 'mirror'/);
    expect(() =>
      transformImages(images, [[1, 0, 0, 0, 1, 0, 0] as unknown as typeof IDENTITY_TRANSFORM]),
    ).toThrow(/expected 8 finite numbers/);
    images.dispose();
  });
});

describe('fillIndex', () => {
  it('follows Keras: reflect dcba|abcd|dcba, wrap, nearest, constant (-1)', () => {
    const at = (mode: 'reflect' | 'wrap' | 'nearest' | 'constant') =>
      [-5, -1, 0, 3, 4, 8].map((i) => fillIndex(i, 4, mode));
    expect(at('reflect')).toEqual([3, 0, 0, 3, 3, 0]);
    expect(at('wrap')).toEqual([3, 3, 0, 3, 0, 0]);
    expect(at('nearest')).toEqual([0, 0, 0, 3, 3, 3]);
    expect(at('constant')).toEqual([-1, -1, 0, 3, -1, -1]);
  });
});
