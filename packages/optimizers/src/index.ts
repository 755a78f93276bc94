/**
 * `@glia/optimizers`: SGD, momentum/Nesterov, Adam, Adamax, AdamW, RMSProp, AdaGrad and Adadelta;
 * learning-rate schedules; gradient clipping; state that saves and restores.
 *
 * ```ts
 * import '@glia/backend-cpu';
 * import { mul, ready, sub, tensor } from '@glia/core';
 * import { adam } from '@glia/optimizers';
 *
 * await ready();
 * const x = tensor([5, -3]);
 * const opt = adam(0.1);
 * for (let i = 0; i < 200; i++) {
 *   const grad = mul(sub(x, 1), 2); // d/dx (x - 1)²
 *   opt.applyGradients([{ name: 'x', param: x, grad }]);
 *   grad.dispose();
 * }
 * x.print(); // ≈ [1, 1]
 * ```
 * @packageDocumentation
 */
export type { ClippingOptions } from './clipping';
export { clipByGlobalNorm, clipByNorm, globalNorm } from './clipping';
export type {
  NamedTensor,
  OptimizerOptions,
  ParamGrad,
  SlotSpec,
  UpdateContext,
  UpdateResult,
} from './optimizer';
export { Optimizer } from './optimizer';
export { Adadelta, type AdadeltaOptions, adadelta } from './optimizers/adadelta';
export { Adagrad, type AdagradOptions, adagrad } from './optimizers/adagrad';
export { Adam, type AdamOptions, adam } from './optimizers/adam';
export { Adamax, type AdamaxOptions, adamax } from './optimizers/adamax';
export { AdamW, type AdamWOptions, adamW } from './optimizers/adamw';
export { Momentum, type MomentumOptions, momentum } from './optimizers/momentum';
export { RMSProp, type RMSPropOptions, rmsprop } from './optimizers/rmsprop';
export { SGD, type SGDOptions, sgd } from './optimizers/sgd';
export { getOptimizer, OPTIMIZER_NAMES, optimizerFromConfig } from './registry';
export type { CosineDecayOptions, ScheduleSerialization } from './schedules';
export {
  CosineDecay,
  cosineDecay,
  ExponentialDecay,
  exponentialDecay,
  isSchedule,
  LearningRateSchedule,
  LinearWarmup,
  linearWarmup,
  PiecewiseConstantDecay,
  piecewiseConstantDecay,
  SCHEDULE_CLASS_NAMES,
  StepDecay,
  scheduleFromConfig,
  serializeSchedule,
  stepDecay,
} from './schedules';
