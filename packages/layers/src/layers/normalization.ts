import type { Variable } from '@glia/autograd';
import { add, batchNorm, moments, mul, reshape, type Tensor, tidy, ValueError } from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import type { CallContext } from '../engine/layer';
import { Layer, type LayerArgs } from '../engine/layer';
import { formatSymbolicShape, type SymbolicShape } from '../engine/symbolic-shape';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import {
  boolField,
  initializerField,
  nullOnlyField,
  numberField,
  omittedWhen,
  regularizerField,
} from './fields';
import { layerFactory } from './layer-factory';
import { type InitializerArg, knownDim, type RegularizerArg, who } from './layer-utils';

/** Settings both normalization layers take. */
interface NormalizationArgs extends LayerArgs {
  /** Default 1e-3. */
  epsilon?: number;
  /** Learn an offset beta (default true). */
  center?: boolean;
  /** Learn a scale gamma (default true). */
  scale?: boolean;
  /** Default 'zeros'. */
  betaInitializer?: InitializerArg;
  /** Default 'ones'. */
  gammaInitializer?: InitializerArg;
  betaRegularizer?: RegularizerArg;
  gammaRegularizer?: RegularizerArg;
}

/** Normalizes `axes` (possibly negative) against a rank, checking range and repeats. */
function normalizeAxes(owner: string, axes: readonly number[], shape: SymbolicShape): number[] {
  const rank = shape.length;
  const out = axes.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ValueError(
        `${owner}: axis ${a} is out of range for input shape ${formatSymbolicShape(shape)}: expected -${rank} <= axis < ${rank}`,
      );
    }
    return a < 0 ? a + rank : a;
  });
  if (out.includes(0)) {
    throw new ValueError(`${owner}: axis ${JSON.stringify(axes)} includes the batch axis 0`);
  }
  if (new Set(out).size !== out.length) {
    throw new ValueError(`${owner}: axis ${JSON.stringify(axes)} repeats an axis`);
  }
  return out.sort((a, b) => a - b);
}

/** What both normalizations read: epsilon, and the learned scale and offset. */
const NORMALIZATION_FIELDS = {
  epsilon: numberField(1e-3, { min: 0, exclusiveMin: true }),
  center: boolField(true),
  scale: boolField(true),
  betaInitializer: initializerField('zeros'),
  gammaInitializer: initializerField('ones'),
  betaRegularizer: regularizerField(),
  gammaRegularizer: regularizerField(),
} satisfies FieldsOf<NormalizationArgs>;

abstract class Normalization<A extends NormalizationArgs> extends Layer<A> {
  declare readonly epsilon: number;
  declare readonly center: boolean;
  declare readonly scale: boolean;
  declare readonly betaInitializer: Initializer;
  declare readonly gammaInitializer: Initializer;
  declare readonly betaRegularizer: Regularizer | undefined;
  declare readonly gammaRegularizer: Regularizer | undefined;
  /** Learned scale, when `scale`. */
  gamma?: Variable;
  /** Learned offset, when `center`. */
  beta?: Variable;
  /** The normalized axes, non-negative, once built. */
  protected axes: number[] = [];
  /** Shape the parameters take to broadcast against the input: 1 except on `axes`. */
  protected broadcastShape: number[] = [];

  protected abstract axisArg(): number[];

  /** Resolves the axes for `inputShape` and returns the parameters' shape. */
  protected resolveAxes(inputShape: SymbolicShape): number[] {
    const owner = who(this);
    this.axes = normalizeAxes(owner, this.axisArg(), inputShape);
    this.broadcastShape = inputShape.map((_, i) =>
      this.axes.includes(i) ? knownDim(owner, inputShape, i, 'normalized dimension') : 1,
    );
    return this.axes.map((a) => this.broadcastShape[a]!);
  }

  /** Adds gamma then beta, as Keras orders them. */
  protected addScaleAndOffset(paramShape: number[]): void {
    if (this.scale) {
      this.gamma = this.addWeight('gamma', paramShape, this.gammaInitializer, {
        regularizer: this.gammaRegularizer,
      });
    }
    if (this.center) {
      this.beta = this.addWeight('beta', paramShape, this.betaInitializer, {
        regularizer: this.betaRegularizer,
      });
    }
  }

  /** A parameter of shape [axis sizes] reshaped to broadcast against the input. */
  protected broadcast(t: Tensor | undefined): Tensor | undefined {
    if (t === undefined) return undefined;
    return this.axes.length === 1 && this.axes[0] === this.broadcastShape.length - 1
      ? t
      : reshape(t, this.broadcastShape);
  }

  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    normalizeAxes(who(this), this.axisArg(), inputShape);
    return [...inputShape];
  }
}

/** `batchNormalization()` settings, as TF.js names them. */
export interface BatchNormalizationArgs extends NormalizationArgs {
  /** The features axis, normalized per entry (default -1, channels last). */
  axis?: number;
  /** Of the moving averages (default 0.99). */
  momentum?: number;
  /** Default 'zeros'. */
  movingMeanInitializer?: InitializerArg;
  /** Default 'ones'. */
  movingVarianceInitializer?: InitializerArg;
}

/** An integer axis, -1 by default. */
const axisField = (): Field<number> => ({
  read: (v, owner, key) => {
    if (v !== undefined && !Number.isInteger(v)) {
      throw new ValueError(`${owner}: ${key} must be an integer, got ${JSON.stringify(v)}`);
    }
    return (v as number | undefined) ?? -1;
  },
});

const BATCH_NORMALIZATION_FIELDS = {
  axis: axisField(),
  momentum: numberField(0.99, { min: 0, max: 1 }),
  ...NORMALIZATION_FIELDS,
  movingMeanInitializer: initializerField('zeros'),
  movingVarianceInitializer: initializerField('ones'),
  betaConstraint: nullOnlyField(),
  gammaConstraint: nullOnlyField(),
} satisfies FieldsOf<BatchNormalizationArgs>;

/**
 * Batch normalization (Ioffe & Szegedy): while training, normalizes each feature of `axis` by the
 * batch's mean and (biased) variance and updates the moving averages
 * `moving = moving·momentum + batch·(1 - momentum)`; otherwise normalizes by the moving averages.
 * Then scales by gamma and shifts by beta. With `trainable` false it always uses the moving
 * averages, as Keras does (for fine-tuning). Weights, in Keras' order: gamma, beta, moving_mean,
 * moving_variance (the last two not trainable).
 *
 * ```ts
 * batchNormalization(); // after a conv2d, over the channels
 * ```
 */
export class BatchNormalization extends Normalization<BatchNormalizationArgs> {
  static override readonly className = 'BatchNormalization';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = BATCH_NORMALIZATION_FIELDS;
  declare readonly axis: number;
  declare readonly momentum: number;
  declare readonly movingMeanInitializer: Initializer;
  declare readonly movingVarianceInitializer: Initializer;
  movingMean?: Variable;
  movingVariance?: Variable;

  protected axisArg(): number[] {
    return [this.axis];
  }

  override build(inputShape: SymbolicShape): void {
    const paramShape = this.resolveAxes(inputShape);
    this.addScaleAndOffset(paramShape);
    this.movingMean = this.addWeight('moving_mean', paramShape, this.movingMeanInitializer, {
      trainable: false,
    });
    this.movingVariance = this.addWeight(
      'moving_variance',
      paramShape,
      this.movingVarianceInitializer,
      { trainable: false },
    );
    super.build(inputShape);
  }

  protected call(input: Tensor, context: CallContext): Tensor {
    return tidy(() => {
      const options = {
        offset: this.broadcast(this.beta),
        scale: this.broadcast(this.gamma),
        epsilon: this.epsilon,
      };
      // As Keras: a frozen (trainable false) layer normalizes by its moving statistics, also in fit.
      if (!context.training || !this.trainable) {
        return batchNorm(
          input,
          this.broadcast(this.movingMean)!,
          this.broadcast(this.movingVariance)!,
          options,
        );
      }
      const reduced = input.shape.map((_, i) => i).filter((i) => !this.axes.includes(i));
      const batch = moments(input, reduced, true);
      this.updateMovingAverage(this.movingMean!, batch.mean);
      this.updateMovingAverage(this.movingVariance!, batch.variance);
      return batchNorm(input, batch.mean, batch.variance, options);
    });
  }

  private updateMovingAverage(moving: Variable, batchValue: Tensor): void {
    const value = reshape(batchValue, moving.shape);
    moving.assign(add(mul(moving, this.momentum), mul(value, 1 - this.momentum)));
  }
}

/** Batch normalization (`BatchNormalization`). */
export const batchNormalization = layerFactory('batchNormalization', BatchNormalization);

/** `layerNormalization()` settings, as TF.js names them. */
export interface LayerNormalizationArgs extends NormalizationArgs {
  /** The axis or axes normalized over, per example (default -1). */
  axis?: number | number[];
}

/** An integer or a non-empty list of them, -1 by default. */
const axesField = (): Field<number | number[]> => ({
  read: (v, owner, key) => {
    const axis = v ?? -1;
    const list = typeof axis === 'number' ? [axis] : axis;
    if (!Array.isArray(list) || list.length === 0 || !list.every((a) => Number.isInteger(a))) {
      throw new ValueError(
        `${owner}: ${key} must be an integer or a non-empty list of integers, got ${JSON.stringify(v)}`,
      );
    }
    return typeof axis === 'number' ? axis : [...(list as number[])];
  },
});

/** TF.js writes no constraints for it, but Keras does (null). */
const unwrittenNull = () => omittedWhen(nullOnlyField(), () => true);

const LAYER_NORMALIZATION_FIELDS = {
  axis: axesField(),
  ...NORMALIZATION_FIELDS,
  betaConstraint: { ...unwrittenNull(), placeholder: true as const },
  gammaConstraint: { ...unwrittenNull(), placeholder: true as const },
} satisfies FieldsOf<LayerNormalizationArgs>;

/**
 * Layer normalization (Ba et al.): normalizes each example over `axis` by its own mean and
 * variance, the same in training and inference, then scales by gamma and shifts by beta.
 *
 * ```ts
 * layerNormalization();
 * ```
 */
export class LayerNormalization extends Normalization<LayerNormalizationArgs> {
  static override readonly className = 'LayerNormalization';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = LAYER_NORMALIZATION_FIELDS;
  declare readonly axis: number | number[];

  protected axisArg(): number[] {
    return typeof this.axis === 'number' ? [this.axis] : this.axis;
  }

  override build(inputShape: SymbolicShape): void {
    this.addScaleAndOffset(this.resolveAxes(inputShape));
    super.build(inputShape);
  }

  protected call(input: Tensor): Tensor {
    return tidy(() => {
      const { mean, variance } = moments(input, this.axes, true);
      return batchNorm(input, mean, variance, {
        offset: this.broadcast(this.beta),
        scale: this.broadcast(this.gamma),
        epsilon: this.epsilon,
      });
    });
  }
}

/** Layer normalization (`LayerNormalization`). */
export const layerNormalization = layerFactory('layerNormalization', LayerNormalization);
