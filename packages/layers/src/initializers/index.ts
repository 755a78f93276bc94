export type { ConstantArgs, RandomNormalArgs, RandomUniformArgs } from './basic';
export {
  Constant,
  Ones,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  Zeros,
} from './basic';
export * as initializers from './factories';
export { computeFans } from './fans';
export type { SerializedInitializer } from './get-initializer';
export { getInitializer, INITIALIZER_NAMES, serializeInitializer } from './get-initializer';
export type { Initializer, InitializerIdentifier } from './initializer';
export type { OrthogonalArgs } from './orthogonal';
export { Orthogonal } from './orthogonal';
export type {
  FanMode,
  SeedOnlyArgs,
  VarianceScalingArgs,
  VarianceScalingDistribution,
} from './variance-scaling';
export { VarianceScaling } from './variance-scaling';
