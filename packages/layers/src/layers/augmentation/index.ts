/** Data augmentation as layers, active only while training (Keras 3's preprocessing layers). */
export type { FillMode, FlipMode, Interpolation } from '@glia/core';
export type { AugmentationArgs, Factor } from './base';
export { AugmentationLayer } from './base';
export { GaussianNoise, type GaussianNoiseArgs } from './gaussian-noise';
export { RandomContrast, type RandomContrastArgs } from './random-contrast';
export { RandomFlip, type RandomFlipArgs } from './random-flip';
export { RandomRotation, type RandomRotationArgs } from './random-rotation';
export { RandomTranslation, type RandomTranslationArgs } from './random-translation';
export { RandomZoom, type RandomZoomArgs } from './random-zoom';
