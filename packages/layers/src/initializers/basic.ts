import {
  type DType,
  fill,
  randomNormal,
  randomUniform,
  type Tensor,
  truncatedNormal,
  ValueError,
} from '@glia/core';
import { checkKeys, finiteNumber, numericDType, optionalSeed } from './config-checks';
import type { Initializer } from './initializer';

/** All zeros (the default bias initializer). */
export class Zeros implements Initializer {
  static readonly className = 'Zeros';
  readonly className = Zeros.className;
  constructor(config: Record<string, unknown> = {}) {
    checkKeys('Zeros', config, []);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill([...shape], 0, numericDType('Zeros', dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** All ones (batchNormalization's gamma). */
export class Ones implements Initializer {
  static readonly className = 'Ones';
  readonly className = Ones.className;
  constructor(config: Record<string, unknown> = {}) {
    checkKeys('Ones', config, []);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill([...shape], 1, numericDType('Ones', dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** `constant({ value })` settings. */
export interface ConstantArgs {
  value: number;
}

/** Every element `value`. */
export class Constant implements Initializer {
  static readonly className = 'Constant';
  readonly className = Constant.className;
  readonly value: number;
  constructor(args: ConstantArgs) {
    checkKeys('Constant', args, ['value']);
    this.value = finiteNumber('Constant', 'value', args.value);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill([...shape], this.value, numericDType('Constant', dtype));
  }
  getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** `randomNormal` / `truncatedNormal` settings (TF.js names: `stddev`, not `stdDev`). */
export interface RandomNormalArgs {
  /** Default 0. */
  mean?: number;
  /** Default 0.05. */
  stddev?: number;
  /** Without a seed, values come from core's global generator (`setSeed`). */
  seed?: number;
}

function normalArgs(owner: string, args: RandomNormalArgs): [number, number, number | undefined] {
  checkKeys(owner, args, ['mean', 'stddev', 'seed']);
  const stddev = finiteNumber(owner, 'stddev', args.stddev, 0.05);
  if (stddev < 0) throw new ValueError(`${owner}: stddev must be >= 0, got ${stddev}`);
  return [finiteNumber(owner, 'mean', args.mean, 0), stddev, optionalSeed(owner, args.seed)];
}

/** Normal values with `mean` and `stddev`. */
export class RandomNormal implements Initializer {
  static readonly className = 'RandomNormal';
  readonly className = RandomNormal.className;
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(args: RandomNormalArgs = {}) {
    [this.mean, this.stddev, this.seed] = normalArgs('RandomNormal', args);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType('RandomNormal', dtype);
    return randomNormal([...shape], this.mean, this.stddev, d, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal values redrawn until within two `stddev` of `mean`. */
export class TruncatedNormal implements Initializer {
  static readonly className = 'TruncatedNormal';
  readonly className = TruncatedNormal.className;
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(args: RandomNormalArgs = {}) {
    [this.mean, this.stddev, this.seed] = normalArgs('TruncatedNormal', args);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType('TruncatedNormal', dtype);
    return truncatedNormal([...shape], this.mean, this.stddev, d, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** `randomUniform` settings. */
export interface RandomUniformArgs {
  /** Default -0.05. */
  minval?: number;
  /** Default 0.05. */
  maxval?: number;
  seed?: number;
}

/** Uniform values in [minval, maxval). */
export class RandomUniform implements Initializer {
  static readonly className = 'RandomUniform';
  readonly className = RandomUniform.className;
  readonly minval: number;
  readonly maxval: number;
  readonly seed?: number;
  constructor(args: RandomUniformArgs = {}) {
    checkKeys('RandomUniform', args, ['minval', 'maxval', 'seed']);
    this.minval = finiteNumber('RandomUniform', 'minval', args.minval, -0.05);
    this.maxval = finiteNumber('RandomUniform', 'maxval', args.maxval, 0.05);
    if (!(this.maxval > this.minval)) {
      throw new ValueError(
        `RandomUniform: maxval ${this.maxval} must exceed minval ${this.minval}`,
      );
    }
    this.seed = optionalSeed('RandomUniform', args.seed);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType('RandomUniform', dtype);
    return randomUniform([...shape], this.minval, this.maxval, d, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed ?? null };
  }
}
