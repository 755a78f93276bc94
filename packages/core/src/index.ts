/**
 * @glia/core: tensors, ops, the backend contract and registry, and the engine.
 * @packageDocumentation
 */
import './composites/index';
import { installTensorMethods } from './tensor/methods';

installTensorMethods();

// backend contract and registry
export type { Backend, BackendMemory } from './backend/backend';
export { newDataId } from './backend/backend';
export type { BackendFactory, BackendStatus, RegisterBackendOptions } from './backend/registry';
export {
  getBackend,
  getBackendName,
  listBackends,
  ready,
  registerBackend,
  removeBackend,
  setBackend,
} from './backend/registry';
export {
  extractPatches,
  type PatchIndexTable,
  patchIndexTable,
} from './composites/window-patches';
// engine
export type {
  Composition,
  KernelExecution,
  KernelHook,
  MemoryInfo,
  ProfileHook,
  TensorContainer,
} from './engine/engine';
export {
  addKernelHook,
  addProfileHook,
  assignData,
  dispose,
  FALLBACK_BACKEND,
  getFallbackCounts,
  hasComposition,
  keep,
  makeTensor,
  memory,
  registerComposition,
  resetFallbackCounts,
  retain,
  runKernel,
  shareData,
  tidy,
} from './engine/engine';
export type { KernelProfile, ProfileInfo } from './engine/profile';
export { profile } from './engine/profile';
export {
  BackendError,
  DisposedError,
  DTypeError,
  fmtShape,
  GliaError,
  ShapeError,
  SizeLimitError,
  SyncReadError,
  ValueError,
} from './errors';
export {
  GELU_TANH_CUBIC,
  SELU_ALPHA,
  SELU_SCALE,
} from './kernels/activation-constants';
export {
  ACTIVATION_KERNELS,
  type ActivationKernelName,
  BINARY_KERNELS,
  BOOL_OUTPUT_KERNELS,
  COMPOSITE_KERNELS,
  MULTI_OUTPUT_KERNELS,
  PRIMITIVE_KERNELS,
  REDUCTION_KERNELS,
  type ReductionKernelName,
  UNARY_KERNELS,
} from './kernels/kernel-names';
export type {
  BackendKernels,
  BinaryKernelName,
  CompositeKernelName,
  CompositeKernelSpecs,
  Conv2dAttrs,
  FusedActivation,
  KernelAttrs,
  KernelImpl,
  KernelInputs,
  KernelName,
  KernelOutput,
  KernelSpec,
  KernelSpecs,
  MultiOutputKernelName,
  Pad2d,
  Pool2dAttrs,
  PrimitiveKernelName,
  PrimitiveKernelSpecs,
  UnaryKernelName,
} from './kernels/kernel-table';
export {
  identitySharingStorage,
  reshapeSharingStorage,
} from './kernels/storage-sharing-kernels';
export type { PaddingSpec, Window2dGeometry } from './kernels/window-geometry';
export {
  conv2dGeometry,
  pool2dGeometry,
  resolvePad2d,
  window2dGeometry,
  windowOutputSize,
} from './kernels/window-geometry';
export { reluGrad, sigmoidGrad, tanhGrad } from './ops/activation-gradients';
export { clipByValue, elu, gelu, leakyRelu, relu6, selu, softplus } from './ops/activations';
export * from './ops/binary';
export { broadcastTo, oneHot } from './ops/broadcast-onehot';
export { cast } from './ops/cast';
export { checkOptions, int32Indices } from './ops/check-args';
export { concat, stack, unstack } from './ops/concat';
export { gather, unsortedSegmentSum } from './ops/gather';
export type { FlipMode, UniformSource } from './ops/image/random-transforms';
export {
  augmentationFactorRange,
  drawFlipTransform,
  drawRotationTransform,
  drawTranslationTransform,
  drawUniform,
  drawZoomTransform,
  FLIP_MODES,
} from './ops/image/random-transforms';
export type { FillMode, ImageSamplingPlan, Interpolation } from './ops/image/sampling';
export { FILL_MODES, fillIndex, INTERPOLATIONS, planImageSampling } from './ops/image/sampling';
export type { TransformImagesOptions } from './ops/image/transform-images';
export { resampleImages, transformImages } from './ops/image/transform-images';
export type { ProjectiveTransform } from './ops/image/transforms';
export {
  composeTransforms,
  flipTransform,
  IDENTITY_TRANSFORM,
  rotationTransform,
  translationTransform,
  zoomTransform,
} from './ops/image/transforms';
export { dot, matMul, outer } from './ops/matmul';
export { batchNorm } from './ops/nn/batch-norm';
export type { Conv2dOptions } from './ops/nn/conv2d';
export {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  conv2dTranspose,
} from './ops/nn/conv2d';
export { dropout } from './ops/nn/dropout';
export type { FusedOptions } from './ops/nn/fused';
export { fusedConv2d, fusedMatMul } from './ops/nn/fused';
export type { Pool2dOptions } from './ops/nn/pool';
export { avgPool2d, avgPoolGrad, maxPool2d, maxPoolGrad } from './ops/nn/pool';
export type { TensorInput } from './ops/op';
export { defineOp } from './ops/op';
export type { ArgKind, OpForm, ParamForm } from './ops/op-form';
export { opForm } from './ops/op-form';
// ops
export type { AdamUpdateOptions, AdamUpdateResult } from './ops/optimizer-updates';
export { adamUpdate } from './ops/optimizer-updates';
export { pad, reverse, tile } from './ops/pad-tile-reverse';
export type { Axes } from './ops/reduce';
export {
  all,
  any,
  argMax,
  argMin,
  logSumExp,
  max,
  mean,
  min,
  moments,
  prod,
  sum,
} from './ops/reduce';
export { expandDims, flatten, reshape, squeeze } from './ops/reshape';
export { slice, split } from './ops/slice';
export { logSoftmax, softmax } from './ops/softmax';
export { transpose } from './ops/transpose';
export * from './ops/unary';
export { where } from './ops/where';
export { Prng, setSeed } from './random/prng';
export {
  type NormalGenerator,
  randomNormal,
  randomNormalValues,
  randomUniform,
  seedFromGlobalGenerator,
  truncatedNormal,
} from './random/random';
export {
  eye,
  fill,
  linspace,
  ones,
  onesLike,
  range,
  scalar,
  tensor,
  toTensor,
  zeros,
  zerosLike,
} from './tensor/create';
export { tensor1d, tensor2d, tensor3d, tensor4d } from './tensor/create-ranked';
export type { TensorMethods } from './tensor/methods';
export { TENSOR_METHOD_OPS } from './tensor/methods';
// tensors and creation
export { dataSyncIfAvailable } from './tensor/sync-values';
export { Tensor } from './tensor/tensor';
export type {
  ArrayOf,
  DataId,
  DType,
  DTypeArrayMap,
  NestedArray,
  Shape,
  TensorInfo,
  TensorLike,
  TypedArray,
} from './types';
// helpers shared with backends
export {
  allocArray,
  arithmeticDType,
  bytesPerElement,
  dtypeOfArray,
  upcastDType,
} from './util/dtype';
export type { FetchFunction, FetchRequestInit, FetchResponseLike } from './util/fetch-types';
export {
  closestName,
  didYouMean,
  lookupName,
  type NameTable,
  UnknownNameError,
} from './util/names';
export {
  broadcastShapes,
  normalizeAxes,
  normalizeAxis,
  reducedShape,
  shapesEqual,
  sizeFromShape,
  splitSlices,
  stridesOf,
} from './util/shape';
export { assertAllocatable, MAX_TENSOR_ELEMENTS } from './util/size-limit';
