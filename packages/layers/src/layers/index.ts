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
  ELU,
  type ELUArgs,
  LeakyReLU,
  type LeakyReLUArgs,
  PReLU,
  type PReLUArgs,
  ReLU,
  type ReLUArgs,
  Softmax,
  type SoftmaxArgs,
} from './activation-layers';
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
import { Conv1D, type Conv1DArgs } from './conv1d';
import { Conv2D, type Conv2DArgs, Conv2DTranspose } from './conv2d';
import { Cropping2D, type Cropping2DArgs } from './cropping';
import { Dense, type DenseArgs } from './dense';
import {
  DepthwiseConv2D,
  type DepthwiseConv2DArgs,
  SeparableConv2D,
  type SeparableConv2DArgs,
} from './depthwise-conv2d';
import {
  Dropout,
  type DropoutArgs,
  SpatialDropout1D,
  SpatialDropout2D,
  type SpatialDropoutArgs,
} from './dropout';
import { Embedding, type EmbeddingArgs } from './embedding';
import { Flatten, type FlattenArgs } from './flatten';
import { Masking, type MaskingArgs } from './masking';
import { MERGE_LAYER_CLASSES } from './merge/index';
import {
  BatchNormalization,
  type BatchNormalizationArgs,
  LayerNormalization,
  type LayerNormalizationArgs,
} from './normalization';
import { Permute, type PermuteArgs } from './permute';
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  type GlobalPooling1DArgs,
  type GlobalPooling2DArgs,
  MaxPooling1D,
  MaxPooling2D,
  type Pooling1DArgs,
  type Pooling2DArgs,
} from './pooling';
import { RECURRENT_LAYER_CLASSES } from './recurrent/index';
import { RepeatVector, type RepeatVectorArgs } from './repeat-vector';
import { Reshape, type ReshapeArgs } from './reshape';
import {
  UpSampling1D,
  type UpSampling1DArgs,
  UpSampling2D,
  type UpSampling2DArgs,
} from './upsampling';
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
  Conv1DArgs,
  Conv2DArgs,
  Cropping2DArgs,
  DenseArgs,
  DepthwiseConv2DArgs,
  DropoutArgs,
  ELUArgs,
  EmbeddingArgs,
  FlattenArgs,
  GlobalPooling1DArgs,
  GlobalPooling2DArgs,
  LayerNormalizationArgs,
  LeakyReLUArgs,
  PermuteArgs,
  Pooling1DArgs,
  Pooling2DArgs,
  PReLUArgs,
  ReLUArgs,
  RepeatVectorArgs,
  ReshapeArgs,
  SeparableConv2DArgs,
  SoftmaxArgs,
  SpatialDropoutArgs,
  UpSampling1DArgs,
  UpSampling2DArgs,
  ZeroPadding2DArgs,
};
export {
  Activation,
  AveragePooling1D,
  AveragePooling2D,
  BatchNormalization,
  Conv1D,
  Conv2D,
  Conv2DTranspose,
  Cropping2D,
  Dense,
  DepthwiseConv2D,
  Dropout,
  ELU,
  Embedding,
  Flatten,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  LayerNormalization,
  LeakyReLU,
  MaxPooling1D,
  MaxPooling2D,
  Permute,
  PReLU,
  ReLU,
  RepeatVector,
  Reshape,
  SeparableConv2D,
  Softmax,
  SpatialDropout1D,
  SpatialDropout2D,
  UpSampling1D,
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
  Masking,
  Conv1D,
  SeparableConv2D,
  DepthwiseConv2D,
  MaxPooling1D,
  AveragePooling1D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
  Cropping2D,
  UpSampling1D,
  Permute,
  RepeatVector,
  LeakyReLU,
  PReLU,
  ELU,
  ReLU,
  Softmax,
  SpatialDropout1D,
  SpatialDropout2D,
];

export { Masking, type MaskingArgs };
/** Marks padding timesteps, so recurrent layers skip them (`Masking`). */
export const masking = (args: MaskingArgs = {}): Masking => new Masking(args);

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
/** 1-D convolution over sequences (`Conv1D`). */
export const conv1d = (args: Conv1DArgs): Conv1D => new Conv1D(args);
/** Depthwise-separable 2-D convolution (`SeparableConv2D`). */
export const separableConv2d = (args: SeparableConv2DArgs): SeparableConv2D =>
  new SeparableConv2D(args);
/** Depthwise 2-D convolution (`DepthwiseConv2D`). */
export const depthwiseConv2d = (args: DepthwiseConv2DArgs): DepthwiseConv2D =>
  new DepthwiseConv2D(args);
/** Max pooling over 1-D windows (`MaxPooling1D`). */
export const maxPooling1d = (args: Pooling1DArgs = {}): MaxPooling1D => new MaxPooling1D(args);
/** Average pooling over 1-D windows (`AveragePooling1D`). */
export const averagePooling1d = (args: Pooling1DArgs = {}): AveragePooling1D =>
  new AveragePooling1D(args);
/** The mean over the steps (`GlobalAveragePooling1D`). */
export const globalAveragePooling1d = (args: GlobalPooling1DArgs = {}): GlobalAveragePooling1D =>
  new GlobalAveragePooling1D(args);
/** The maximum over the steps (`GlobalMaxPooling1D`). */
export const globalMaxPooling1d = (args: GlobalPooling1DArgs = {}): GlobalMaxPooling1D =>
  new GlobalMaxPooling1D(args);
/** Crops the sides of images (`Cropping2D`; TF.js spells the factory `cropping2D`). */
export const cropping2D = (args: Cropping2DArgs = {}): Cropping2D => new Cropping2D(args);
/** Repeats each step of sequences (`UpSampling1D`). */
export const upSampling1d = (args: UpSampling1DArgs = {}): UpSampling1D => new UpSampling1D(args);
/** Reorders the axes of each example (`Permute`). */
export const permute = (args: PermuteArgs): Permute => new Permute(args);
/** Repeats a vector into a sequence (`RepeatVector`). */
export const repeatVector = (args: RepeatVectorArgs): RepeatVector => new RepeatVector(args);
/** Leaky ReLU as a layer (`LeakyReLU`). */
export const leakyReLU = (args: LeakyReLUArgs = {}): LeakyReLU => new LeakyReLU(args);
/** ReLU with trained slopes below zero (`PReLU`). */
export const prelu = (args: PReLUArgs = {}): PReLU => new PReLU(args);
/** ELU as a layer (`ELU`). */
export const elu = (args: ELUArgs = {}): ELU => new ELU(args);
/** ReLU with a cap, a threshold and a slope (`ReLU`). */
export const reLU = (args: ReLUArgs = {}): ReLU => new ReLU(args);
/** Softmax along an axis, as a layer (`Softmax`). */
export const softmax = (args: SoftmaxArgs = {}): Softmax => new Softmax(args);
/** Dropout of whole channels of sequences (`SpatialDropout1D`). */
export const spatialDropout1d = (args: Omit<SpatialDropoutArgs, 'dataFormat'>): SpatialDropout1D =>
  new SpatialDropout1D(args);
/** Dropout of whole feature maps of images (`SpatialDropout2D`). */
export const spatialDropout2d = (args: SpatialDropoutArgs): SpatialDropout2D =>
  new SpatialDropout2D(args);
