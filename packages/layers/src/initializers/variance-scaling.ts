import {
  type DType,
  randomNormal,
  randomUniform,
  type Tensor,
  truncatedNormal,
  ValueError,
} from '@glia/core';
import { checkKeys, finiteNumber, numericDType, optionalSeed } from './config-checks';
import { computeFans } from './fans';
import type { Initializer } from './initializer';

/** Which fan scales the variance. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/**
 * The distribution drawn. `'normal'` (TF.js' name) and `'truncatedNormal'` (Keras') are the same:
 * a normal truncated at two standard deviations.
 */
export type VarianceScalingDistribution =
  | 'normal'
  | 'truncatedNormal'
  | 'untruncatedNormal'
  | 'uniform';

/** `varianceScaling` settings (TF.js names). */
export interface VarianceScalingArgs {
  /** Default 1. */
  scale?: number;
  /** Default 'fanIn'. */
  mode?: FanMode;
  /** Default 'normal'. */
  distribution?: VarianceScalingDistribution;
  seed?: number;
}

const MODES: Record<string, FanMode> = {
  fanIn: 'fanIn',
  fan_in: 'fanIn',
  fanOut: 'fanOut',
  fan_out: 'fanOut',
  fanAvg: 'fanAvg',
  fan_avg: 'fanAvg',
};
const DISTRIBUTIONS: Record<string, VarianceScalingDistribution> = {
  normal: 'normal',
  truncatedNormal: 'truncatedNormal',
  truncated_normal: 'truncatedNormal',
  untruncatedNormal: 'untruncatedNormal',
  untruncated_normal: 'untruncatedNormal',
  uniform: 'uniform',
};

/** Standard deviation of a unit normal truncated to [-2, 2]: Keras divides by it. */
const TRUNCATED_STDDEV = 0.8796256610342398;

/**
 * Values with variance `scale / n`, n the fan-in, fan-out or their mean. The Glorot, He and LeCun
 * initializers are this class with fixed settings, saved as `VarianceScaling` as TF.js and Keras do.
 *
 * The truncated normal's standard deviation is divided by 0.8796 (the std of a unit normal cut at
 * ±2), as in Keras, so that `heNormal` has variance 2/fanIn. TF.js omits this correction, so its
 * `'normal'` draws have about 0.77 times the variance; a model saved by either loads the same.
 */
export class VarianceScaling implements Initializer {
  static readonly className = 'VarianceScaling';
  readonly className = VarianceScaling.className;
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: VarianceScalingDistribution;
  readonly seed?: number;

  constructor(args: VarianceScalingArgs = {}) {
    checkKeys('VarianceScaling', args, ['scale', 'mode', 'distribution', 'seed']);
    this.scale = finiteNumber('VarianceScaling', 'scale', args.scale, 1);
    if (!(this.scale > 0)) {
      throw new ValueError(`VarianceScaling: scale must be > 0, got ${this.scale}`);
    }
    const mode = MODES[String(args.mode ?? 'fanIn')];
    if (!Object.hasOwn(MODES, String(args.mode ?? 'fanIn')) || !mode) {
      throw new ValueError(
        `VarianceScaling: unknown mode ${JSON.stringify(args.mode)}: expected 'fanIn', 'fanOut' or 'fanAvg'`,
      );
    }
    this.mode = mode;
    const distributionName = String(args.distribution ?? 'normal');
    const distribution = DISTRIBUTIONS[distributionName];
    if (!Object.hasOwn(DISTRIBUTIONS, distributionName) || !distribution) {
      throw new ValueError(
        `VarianceScaling: unknown distribution ${JSON.stringify(args.distribution)}: expected 'normal', 'truncatedNormal', 'untruncatedNormal' or 'uniform'`,
      );
    }
    this.distribution = distribution;
    this.seed = optionalSeed('VarianceScaling', args.seed);
  }

  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType('VarianceScaling', dtype);
    const { fanIn, fanOut } = computeFans(shape);
    const n =
      this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, n);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return randomUniform([...shape], -limit, limit, d, this.seed);
    }
    if (this.distribution === 'untruncatedNormal') {
      return randomNormal([...shape], 0, Math.sqrt(variance), d, this.seed);
    }
    return truncatedNormal([...shape], 0, Math.sqrt(variance) / TRUNCATED_STDDEV, d, this.seed);
  }

  getConfig(): Record<string, unknown> {
    return {
      scale: this.scale,
      mode: this.mode,
      distribution: this.distribution,
      seed: this.seed ?? null,
    };
  }
}

/** Settings of the initializers that take only a seed. */
export interface SeedOnlyArgs {
  seed?: number;
}

const preset =
  (scale: number, mode: FanMode, distribution: VarianceScalingDistribution) =>
  (args: SeedOnlyArgs = {}): VarianceScaling => {
    checkKeys('initializer', args, ['seed']);
    return new VarianceScaling({ scale, mode, distribution, ...args });
  };

/** Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot & Bengio): Keras' default kernel initializer. */
export const glorotUniform = preset(1, 'fanAvg', 'uniform');
/** Truncated normal with variance 2 / (fanIn + fanOut). */
export const glorotNormal = preset(1, 'fanAvg', 'normal');
/** Uniform in ±sqrt(6 / fanIn) (He et al.), for relu layers. */
export const heUniform = preset(2, 'fanIn', 'uniform');
/** Truncated normal with variance 2 / fanIn. */
export const heNormal = preset(2, 'fanIn', 'normal');
/** Uniform in ±sqrt(3 / fanIn). */
export const lecunUniform = preset(1, 'fanIn', 'uniform');
/** Truncated normal with variance 1 / fanIn (for selu). */
export const lecunNormal = preset(1, 'fanIn', 'normal');
