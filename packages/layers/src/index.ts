/**
 * @glia/layers: Keras-style layers and Sequential models, losses, metrics, initializers,
 * regularizers, the training loop, callbacks, and save/load in the TF.js layers-model format.
 * @packageDocumentation
 */
export * from './activations/index';
export * from './callbacks/index';
export type { Field, Fields, FieldsOf, FieldValues } from './engine/config-schema';
export { ConfigFieldError, readFields, writeFields } from './engine/config-schema';
export { type InputArgs, InputLayer, type InputLayerArgs, input } from './engine/input-layer';
export type {
  CallContext,
  ConstructibleLayer,
  LayerArgs,
  LayerClass,
  LayerParams,
} from './engine/layer';
export { Layer } from './engine/layer';
export {
  ensureLayerClassesRegistered,
  getLayerClass,
  listLayerClasses,
  registerLayerClass,
} from './engine/layer-registry';
export type { LayerWeight } from './engine/layer-weight';
export { resetLayerNames } from './engine/naming';
export { SymbolicTensor } from './engine/node';
export type { SymbolicShape } from './engine/symbolic-shape';
export * from './initializers/index';
export * from './io/index';
export * as layers from './layers/index';
export * from './losses/index';
export * from './metrics/index';
export { LayersModel, type ModelArgs, model, singleOutput } from './model/layers-model';
export type { SequentialArgs } from './model/sequential';
export { Sequential, sequential } from './model/sequential';
export * from './regularizers/index';
export type {
  Batch,
  Batches,
  CompileArgs,
  EvaluateArgs,
  FitArgs,
  History,
  Logs,
  ModelData,
  PerOutput,
} from './training/types';
