/**
 * The initializers as functions, as TF.js' `tf.initializers` namespace:
 *
 * ```ts
 * dense({ units: 8, kernelInitializer: initializers.heNormal({ seed: 1 }) });
 * ```
 */
import {
  Constant,
  type ConstantArgs,
  Ones,
  RandomNormal,
  type RandomNormalArgs,
  RandomUniform,
  type RandomUniformArgs,
  TruncatedNormal,
  Zeros,
} from './basic';
import { Orthogonal, type OrthogonalArgs } from './orthogonal';
import { VarianceScaling, type VarianceScalingArgs } from './variance-scaling';

export {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
} from './variance-scaling';

/** All zeros. */
export const zeros = (): Zeros => new Zeros();
/** All ones. */
export const ones = (): Ones => new Ones();
/** Every element `value`. */
export const constant = (args: ConstantArgs): Constant => new Constant(args);
/** Normal values (default mean 0, stddev 0.05). */
export const randomNormal = (args: RandomNormalArgs = {}): RandomNormal => new RandomNormal(args);
/** Uniform values (default in [-0.05, 0.05)). */
export const randomUniform = (args: RandomUniformArgs = {}): RandomUniform =>
  new RandomUniform(args);
/** Normal values within two standard deviations (default mean 0, stddev 0.05). */
export const truncatedNormal = (args: RandomNormalArgs = {}): TruncatedNormal =>
  new TruncatedNormal(args);
/** Variance scale / fan (the family of Glorot, He and LeCun). */
export const varianceScaling = (args: VarianceScalingArgs = {}): VarianceScaling =>
  new VarianceScaling(args);
/** A random orthogonal matrix times `gain`. */
export const orthogonal = (args: OrthogonalArgs = {}): Orthogonal => new Orthogonal(args);
