/** Data augmentation as layers, active only while training (Keras 3's preprocessing layers). */
import type {
  FillMode as CoreFillMode,
  FlipMode as CoreFlipMode,
  Interpolation as CoreInterpolation,
} from '@glia/core';
import { GaussianNoise } from './gaussian-noise';
import { RandomContrast } from './random-contrast';
import { RandomFlip } from './random-flip';
import { RandomRotation } from './random-rotation';
import { RandomTranslation } from './random-translation';
import { RandomZoom } from './random-zoom';

// Local aliases rather than `export type { ... } from '@glia/core'`: the .d.ts bundler turns a type
// re-exported through a namespace into a value (TS2693 for users).
/** How pixels from outside an image are filled (core's `FillMode`). */
export type FillMode = CoreFillMode;
/** Which axes a flip may mirror (core's `FlipMode`). */
export type FlipMode = CoreFlipMode;
/** How resampled pixels are read (core's `Interpolation`). */
export type Interpolation = CoreInterpolation;
export type { AugmentationArgs, Factor } from './base';
export { AugmentationLayer } from './base';

/** The augmentation layer classes, for `LAYER_CLASSES`. */
export const AUGMENTATION_LAYER_CLASSES = [
  RandomTranslation,
  RandomRotation,
  RandomZoom,
  RandomFlip,
  RandomContrast,
  GaussianNoise,
];
export { GaussianNoise, type GaussianNoiseArgs, gaussianNoise } from './gaussian-noise';
export { RandomContrast, type RandomContrastArgs, randomContrast } from './random-contrast';
export { RandomFlip, type RandomFlipArgs, randomFlip } from './random-flip';
export { RandomRotation, type RandomRotationArgs, randomRotation } from './random-rotation';
export {
  RandomTranslation,
  type RandomTranslationArgs,
  randomTranslation,
} from './random-translation';
export { RandomZoom, type RandomZoomArgs, randomZoom } from './random-zoom';
