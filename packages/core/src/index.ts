/**
 * @glia/core: tensors, ops, the backend contract and registry, and the engine.
 * @packageDocumentation
 */
import './composites/index';

export type { ArrayOf, DataId, DType, DTypeArrayMap, NestedArray, Shape, TensorInfo, TensorLike, TypedArray } from './types';
export { BackendError, DisposedError, DTypeError, GliaError, ShapeError, ValueError, fmtShape } from './errors';

// backend contract and registry
export type { Backend, BackendMemory } from './backend/backend';
export { newDataId } from './backend/backend';
export type { BackendFactory, BackendStatus, RegisterBackendOptions } from './backend/registry';
export { getBackend, getBackendName, listBackends, ready, registerBackend, removeBackend, setBackend } from './backend/registry';
export type {
  BackendKernels, CompositeKernelName, CompositeKernelSpecs, Conv2dAttrs, KernelAttrs, KernelImpl, KernelInputs,
  KernelName, KernelOutput, KernelSpec, KernelSpecs, Pad2d, Pool2dAttrs, PrimitiveKernelName, PrimitiveKernelSpecs,
} from './kernels/kernel-table';
export { COMPOSITE_KERNELS, PRIMITIVE_KERNELS } from './kernels/kernel-names';
export type { PaddingSpec, Window2dGeometry } from './kernels/window-geometry';
export { resolvePad2d, window2dGeometry, windowOutputSize } from './kernels/window-geometry';

// engine
export type { Composition, KernelExecution, KernelHook, MemoryInfo, ProfileHook, TensorContainer } from './engine/engine';
export {
  FALLBACK_BACKEND, addKernelHook, addProfileHook, assignData, dispose, getFallbackCounts, hasComposition, keep, makeTensor, memory,
  registerComposition, resetFallbackCounts, retain, runKernel, shareData, tidy,
} from './engine/engine';
export type { KernelProfile, ProfileInfo } from './engine/profile';
export { profile } from './engine/profile';

// tensors and creation
export { Tensor } from './tensor/tensor';
export { eye, fill, linspace, ones, onesLike, range, scalar, tensor, toTensor, zeros, zerosLike } from './tensor/create';
export { Prng, setSeed } from './random/prng';
export { randomNormal, randomUniform, truncatedNormal } from './random/random';

// helpers shared with backends
export { allocArray, bytesPerElement, dtypeOfArray, upcastDType } from './util/dtype';
export { broadcastShapes, normalizeAxes, normalizeAxis, reducedShape, shapesEqual, sizeFromShape, stridesOf } from './util/shape';

// ops
export type { TensorInput } from './ops/op';
export { defineOp } from './ops/op';
export { cast } from './ops/cast';
export * from './ops/unary';
export * from './ops/binary';
export { where } from './ops/where';
export type { Axes } from './ops/reduce';
export { all, any, argMax, argMin, logSumExp, max, mean, min, moments, prod, sum } from './ops/reduce';
export { logSoftmax, softmax } from './ops/softmax';
export { clipByValue, elu, gelu, leakyRelu, relu6, selu, softplus } from './ops/activations';
export { expandDims, flatten, reshape, squeeze } from './ops/reshape';
export { transpose } from './ops/transpose';
export { slice, split } from './ops/slice';
export { concat, stack, unstack } from './ops/concat';
export { gather, unsortedSegmentSum } from './ops/gather';
export { pad, reverse, tile } from './ops/pad-tile-reverse';
export { broadcastTo, oneHot } from './ops/broadcast-onehot';
export { dot, matMul, outer } from './ops/matmul';
export type { Conv2dOptions } from './ops/nn/conv2d';
export { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dTranspose } from './ops/nn/conv2d';
export type { Pool2dOptions } from './ops/nn/pool';
export { avgPool2d, avgPoolGrad, maxPool2d, maxPoolGrad } from './ops/nn/pool';
export { batchNorm } from './ops/nn/batch-norm';
export { dropout } from './ops/nn/dropout';
