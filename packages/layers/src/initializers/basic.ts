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

/** What Zeros and Ones share: every element one fixed value, and no settings. */
abstract class Filled implements Initializer {
  constructor(
    readonly className: string,
    private readonly fillValue: number,
    config: Record<string, unknown>,
  ) {
    checkKeys(className, config, []);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return fill([...shape], this.fillValue, numericDType(this.className, dtype));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** All zeros (the default bias initializer). */
export class Zeros extends Filled {
  static readonly className = 'Zeros';
  constructor(config: Record<string, unknown> = {}) {
    super(Zeros.className, 0, config);
  }
}

/** All ones (batchNormalization's gamma). */
export class Ones extends Filled {
  static readonly className = 'Ones';
  constructor(config: Record<string, unknown> = {}) {
    super(Ones.className, 1, config);
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

/** What the normal initializers share: `mean`, `stddev`, `seed`, and a draw of that form. */
abstract class NormalDraw implements Initializer {
  readonly mean: number;
  readonly stddev: number;
  readonly seed?: number;
  constructor(
    readonly className: string,
    private readonly draw: typeof randomNormal,
    args: RandomNormalArgs,
  ) {
    checkKeys(className, args, ['mean', 'stddev', 'seed']);
    const stddev = finiteNumber(className, 'stddev', args.stddev, 0.05);
    if (stddev < 0) throw new ValueError(`${className}: stddev must be >= 0, got ${stddev}`);
    this.mean = finiteNumber(className, 'mean', args.mean, 0);
    this.stddev = stddev;
    this.seed = optionalSeed(className, args.seed);
  }
  apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    const d = numericDType(this.className, dtype);
    return this.draw([...shape], this.mean, this.stddev, d, this.seed);
  }
  getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed ?? null };
  }
}

/** Normal values with `mean` and `stddev`. */
export class RandomNormal extends NormalDraw {
  static readonly className = 'RandomNormal';
  constructor(args: RandomNormalArgs = {}) {
    super(RandomNormal.className, randomNormal, args);
  }
}

/** Normal values redrawn until within two `stddev` of `mean`. */
export class TruncatedNormal extends NormalDraw {
  static readonly className = 'TruncatedNormal';
  constructor(args: RandomNormalArgs = {}) {
    super(TruncatedNormal.className, truncatedNormal, args);
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
