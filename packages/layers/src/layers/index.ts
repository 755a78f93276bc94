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
import { AUGMENTATION_LAYER_CLASSES } from './augmentation/index';
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

export * from './augmentation/index';

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
  ...AUGMENTATION_LAYER_CLASSES,
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

// The factories, each beside its class.
export { activation } from './activation';
export { elu, leakyReLU, prelu, reLU, softmax } from './activation-layers';
export { conv1d } from './conv1d';
export { conv2d, conv2dTranspose } from './conv2d';
export { cropping2D } from './cropping';
export { dense } from './dense';
export { depthwiseConv2d, separableConv2d } from './depthwise-conv2d';
export { dropout, spatialDropout1d, spatialDropout2d } from './dropout';
export { embedding } from './embedding';
export { flatten } from './flatten';
export { masking } from './masking';
export { batchNormalization, layerNormalization } from './normalization';
export { permute } from './permute';
export {
  averagePooling1d,
  averagePooling2d,
  globalAveragePooling1d,
  globalAveragePooling2d,
  globalMaxPooling1d,
  globalMaxPooling2d,
  maxPooling1d,
  maxPooling2d,
} from './pooling';
export { repeatVector } from './repeat-vector';
export { reshape } from './reshape';
export { upSampling1d, upSampling2d } from './upsampling';
export { zeroPadding2d } from './zero-padding';
export { Masking, type MaskingArgs };
