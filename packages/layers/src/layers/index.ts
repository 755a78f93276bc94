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
  RandomContrast,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
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

import { layerFactory } from './layer-factory';

export type { FactoryClass, LayerFactory } from './layer-factory';

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
export const masking = layerFactory('masking', Masking);

/** A fully connected layer (`Dense`). */
export const dense = layerFactory('dense', Dense);
/** 2-D convolution (`Conv2D`). */
export const conv2d = layerFactory('conv2d', Conv2D);
/** Transposed 2-D convolution (`Conv2DTranspose`). */
export const conv2dTranspose = layerFactory('conv2dTranspose', Conv2DTranspose);
/** Max pooling over 2-D windows (`MaxPooling2D`). */
export const maxPooling2d = layerFactory('maxPooling2d', MaxPooling2D);
/** Average pooling over 2-D windows (`AveragePooling2D`). */
export const averagePooling2d = layerFactory('averagePooling2d', AveragePooling2D);
/** The mean over height and width (`GlobalAveragePooling2D`). */
export const globalAveragePooling2d = layerFactory(
  'globalAveragePooling2d',
  GlobalAveragePooling2D,
);
/** The maximum over height and width (`GlobalMaxPooling2D`). */
export const globalMaxPooling2d = layerFactory('globalMaxPooling2d', GlobalMaxPooling2D);
/** Flattens each example (`Flatten`). */
export const flatten = layerFactory('flatten', Flatten);
/** Reshapes each example (`Reshape`). */
export const reshape = layerFactory('reshape', Reshape);
/** Inverted dropout while training (`Dropout`). */
export const dropout = layerFactory('dropout', Dropout);
/** Batch normalization (`BatchNormalization`). */
export const batchNormalization = layerFactory('batchNormalization', BatchNormalization);
/** Layer normalization (`LayerNormalization`). */
export const layerNormalization = layerFactory('layerNormalization', LayerNormalization);
/** An activation function as a layer (`Activation`). */
export const activation = layerFactory('activation', Activation);
/** Integer indices to vectors (`Embedding`). */
export const embedding = layerFactory('embedding', Embedding);
/** Nearest-neighbour upsampling (`UpSampling2D`). */
export const upSampling2d = layerFactory('upSampling2d', UpSampling2D);
/** Zeros around images (`ZeroPadding2D`). */
export const zeroPadding2d = layerFactory('zeroPadding2d', ZeroPadding2D);
/** Random shifts while training (`RandomTranslation`). */
export const randomTranslation = layerFactory('randomTranslation', RandomTranslation);
/** Random rotations while training (`RandomRotation`). */
export const randomRotation = layerFactory('randomRotation', RandomRotation);
/** Random zooms while training (`RandomZoom`). */
export const randomZoom = layerFactory('randomZoom', RandomZoom);
/** Random flips while training (`RandomFlip`). */
export const randomFlip = layerFactory('randomFlip', RandomFlip);
/** Random contrast changes while training (`RandomContrast`). */
export const randomContrast = layerFactory('randomContrast', RandomContrast);
/** Additive Gaussian noise while training (`GaussianNoise`). */
export const gaussianNoise = layerFactory('gaussianNoise', GaussianNoise);
/** 1-D convolution over sequences (`Conv1D`). */
export const conv1d = layerFactory('conv1d', Conv1D);
/** Depthwise-separable 2-D convolution (`SeparableConv2D`). */
export const separableConv2d = layerFactory('separableConv2d', SeparableConv2D);
/** Depthwise 2-D convolution (`DepthwiseConv2D`). */
export const depthwiseConv2d = layerFactory('depthwiseConv2d', DepthwiseConv2D);
/** Max pooling over 1-D windows (`MaxPooling1D`). */
export const maxPooling1d = layerFactory('maxPooling1d', MaxPooling1D);
/** Average pooling over 1-D windows (`AveragePooling1D`). */
export const averagePooling1d = layerFactory('averagePooling1d', AveragePooling1D);
/** The mean over the steps (`GlobalAveragePooling1D`). */
export const globalAveragePooling1d = layerFactory(
  'globalAveragePooling1d',
  GlobalAveragePooling1D,
);
/** The maximum over the steps (`GlobalMaxPooling1D`). */
export const globalMaxPooling1d = layerFactory('globalMaxPooling1d', GlobalMaxPooling1D);
/** Crops the sides of images (`Cropping2D`; TF.js spells the factory `cropping2D`). */
export const cropping2D = layerFactory('cropping2D', Cropping2D);
/** Repeats each step of sequences (`UpSampling1D`). */
export const upSampling1d = layerFactory('upSampling1d', UpSampling1D);
/** Reorders the axes of each example (`Permute`). */
export const permute = layerFactory('permute', Permute);
/** Repeats a vector into a sequence (`RepeatVector`). */
export const repeatVector = layerFactory('repeatVector', RepeatVector);
/** Leaky ReLU as a layer (`LeakyReLU`). */
export const leakyReLU = layerFactory('leakyReLU', LeakyReLU);
/** ReLU with trained slopes below zero (`PReLU`). */
export const prelu = layerFactory('prelu', PReLU);
/** ELU as a layer (`ELU`). */
export const elu = layerFactory('elu', ELU);
/** ReLU with a cap, a threshold and a slope (`ReLU`). */
export const reLU = layerFactory('reLU', ReLU);
/** Softmax along an axis, as a layer (`Softmax`). */
export const softmax = layerFactory('softmax', Softmax);
/** Dropout of whole channels of sequences (`SpatialDropout1D`). */
export const spatialDropout1d = layerFactory('spatialDropout1d', SpatialDropout1D);
/** Dropout of whole feature maps of images (`SpatialDropout2D`). */
export const spatialDropout2d = layerFactory('spatialDropout2d', SpatialDropout2D);
