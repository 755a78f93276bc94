/**
 * The layer catalog: one factory per layer, as TF.js' `tf.layers` (`layers.dense({ units: 10 })`),
 * and the classes, for `instanceof`, subclassing and `fromConfig`.
 *
 * ```ts
 * import { layers, sequential } from '@glia/layers';
 * const model = sequential({ layers: [
 *   layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
 *   layers.maxPooling2d({ poolSize: 2 }),
 *   layers.flatten(),
 *   layers.dense({ units: 10, activation: 'softmax' }),
 * ]});
 * ```
 */

import { InputLayer } from '../engine/input-layer';
import type { LayerClass } from '../engine/layer';
import { Activation, type ActivationArgs } from './activation';
import {
  GaussianNoise,
  type GaussianNoiseArgs,
  RandomContrast,
  type RandomContrastArgs,
  RandomFlip,
  type RandomFlipArgs,
  RandomRotation,
  type RandomRotationArgs,
  RandomTranslation,
  type RandomTranslationArgs,
  RandomZoom,
  type RandomZoomArgs,
} from './augmentation/index';
import { Conv2D, type Conv2DArgs, Conv2DTranspose } from './conv2d';
import { Dense, type DenseArgs } from './dense';
import { Dropout, type DropoutArgs } from './dropout';
import { Embedding, type EmbeddingArgs } from './embedding';
import { Flatten, type FlattenArgs } from './flatten';
import { MERGE_LAYER_CLASSES } from './merge/index';
import {
  BatchNormalization,
  type BatchNormalizationArgs,
  LayerNormalization,
  type LayerNormalizationArgs,
} from './normalization';
import {
  AveragePooling2D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  type GlobalPooling2DArgs,
  MaxPooling2D,
  type Pooling2DArgs,
} from './pooling';
import { RECURRENT_LAYER_CLASSES } from './recurrent/index';
import { Reshape, type ReshapeArgs } from './reshape';
import { UpSampling2D, type UpSampling2DArgs } from './upsampling';
import { ZeroPadding2D, type ZeroPadding2DArgs } from './zero-padding';

export type {
  AugmentationArgs,
  Factor,
  FillMode,
  FlipMode,
  GaussianNoiseArgs,
  Interpolation,
  RandomContrastArgs,
  RandomFlipArgs,
  RandomRotationArgs,
  RandomTranslationArgs,
  RandomZoomArgs,
} from './augmentation/index';
export {
  AugmentationLayer,
  GaussianNoise,
  RandomContrast,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
} from './augmentation/index';
export * from './merge/index';
export * from './recurrent/index';
export type { Padding2D } from './zero-padding';
export type {
  ActivationArgs,
  BatchNormalizationArgs,
  Conv2DArgs,
  DenseArgs,
  DropoutArgs,
  EmbeddingArgs,
  FlattenArgs,
  GlobalPooling2DArgs,
  LayerNormalizationArgs,
  Pooling2DArgs,
  ReshapeArgs,
  UpSampling2DArgs,
  ZeroPadding2DArgs,
};
export {
  Activation,
  AveragePooling2D,
  BatchNormalization,
  Conv2D,
  Conv2DTranspose,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  LayerNormalization,
  MaxPooling2D,
  Reshape,
  UpSampling2D,
  ZeroPadding2D,
};

/** Every built-in layer class, for the class registry that `loadModel` reads model.json with. */
export const LAYER_CLASSES: readonly LayerClass[] = [
  Dense,
  Conv2D,
  Conv2DTranspose,
  MaxPooling2D,
  AveragePooling2D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  Flatten,
  Reshape,
  Dropout,
  BatchNormalization,
  LayerNormalization,
  Activation,
  Embedding,
  UpSampling2D,
  ZeroPadding2D,
  RandomTranslation,
  RandomRotation,
  RandomZoom,
  RandomFlip,
  RandomContrast,
  GaussianNoise,
  ...RECURRENT_LAYER_CLASSES,
  ...MERGE_LAYER_CLASSES,
  InputLayer,
];

/** A fully connected layer (`Dense`). */
export const dense = (args: DenseArgs): Dense => new Dense(args);
/** 2-D convolution (`Conv2D`). */
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
/** Transposed 2-D convolution (`Conv2DTranspose`). */
export const conv2dTranspose = (args: Conv2DArgs): Conv2DTranspose => new Conv2DTranspose(args);
/** Max pooling over 2-D windows (`MaxPooling2D`). */
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args);
/** Average pooling over 2-D windows (`AveragePooling2D`). */
export const averagePooling2d = (args: Pooling2DArgs = {}): AveragePooling2D =>
  new AveragePooling2D(args);
/** The mean over height and width (`GlobalAveragePooling2D`). */
export const globalAveragePooling2d = (args: GlobalPooling2DArgs = {}): GlobalAveragePooling2D =>
  new GlobalAveragePooling2D(args);
/** The maximum over height and width (`GlobalMaxPooling2D`). */
export const globalMaxPooling2d = (args: GlobalPooling2DArgs = {}): GlobalMaxPooling2D =>
  new GlobalMaxPooling2D(args);
/** Flattens each example (`Flatten`). */
export const flatten = (args: FlattenArgs = {}): Flatten => new Flatten(args);
/** Reshapes each example (`Reshape`). */
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
/** Inverted dropout while training (`Dropout`). */
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
/** Batch normalization (`BatchNormalization`). */
export const batchNormalization = (args: BatchNormalizationArgs = {}): BatchNormalization =>
  new BatchNormalization(args);
/** Layer normalization (`LayerNormalization`). */
export const layerNormalization = (args: LayerNormalizationArgs = {}): LayerNormalization =>
  new LayerNormalization(args);
/** An activation function as a layer (`Activation`). */
export const activation = (args: ActivationArgs): Activation => new Activation(args);
/** Integer indices to vectors (`Embedding`). */
export const embedding = (args: EmbeddingArgs): Embedding => new Embedding(args);
/** Nearest-neighbour upsampling (`UpSampling2D`). */
export const upSampling2d = (args: UpSampling2DArgs = {}): UpSampling2D => new UpSampling2D(args);
/** Zeros around images (`ZeroPadding2D`). */
export const zeroPadding2d = (args: ZeroPadding2DArgs = {}): ZeroPadding2D =>
  new ZeroPadding2D(args);
/** Random shifts while training (`RandomTranslation`). */
export const randomTranslation = (args: RandomTranslationArgs): RandomTranslation =>
  new RandomTranslation(args);
/** Random rotations while training (`RandomRotation`). */
export const randomRotation = (args: RandomRotationArgs): RandomRotation =>
  new RandomRotation(args);
/** Random zooms while training (`RandomZoom`). */
export const randomZoom = (args: RandomZoomArgs): RandomZoom => new RandomZoom(args);
/** Random flips while training (`RandomFlip`). */
export const randomFlip = (args: RandomFlipArgs = {}): RandomFlip => new RandomFlip(args);
/** Random contrast changes while training (`RandomContrast`). */
export const randomContrast = (args: RandomContrastArgs): RandomContrast =>
  new RandomContrast(args);
/** Additive Gaussian noise while training (`GaussianNoise`). */
export const gaussianNoise = (args: GaussianNoiseArgs): GaussianNoise => new GaussianNoise(args);
