/** Data augmentation as layers, active only while training (Keras 3's preprocessing layers). */
import type {
  FillMode as CoreFillMode,
  FlipMode as CoreFlipMode,
  Interpolation as CoreInterpolation,
} from '@glia/core';

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
export { GaussianNoise, type GaussianNoiseArgs } from './gaussian-noise';
export { RandomContrast, type RandomContrastArgs } from './random-contrast';
export { RandomFlip, type RandomFlipArgs } from './random-flip';
export { RandomRotation, type RandomRotationArgs } from './random-rotation';
export { RandomTranslation, type RandomTranslationArgs } from './random-translation';
export { RandomZoom, type RandomZoomArgs } from './random-zoom';
