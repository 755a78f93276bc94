/**
 * Activations with settings, as layers (Keras' "advanced activations"): LeakyReLU, PReLU (a trained
 * slope), ELU, ReLU (capped, thresholded, leaky) and Softmax (along an axis). Each is a composite
 * of core ops, so it runs on every backend and autograd differentiates it.
 */
import type { Variable } from '@glia/autograd';
import * as ops from '@glia/core';
import {
  add,
  cast,
  greaterEqual,
  leakyRelu,
  minimum,
  mul,
  neg,
  relu,
  sub,
  type Tensor,
  tidy,
  ValueError,
} from '@glia/core';
import type { Field, FieldsOf } from '../engine/config-schema';
import { Layer, type LayerArgs } from '../engine/layer';
import type { SymbolicShape } from '../engine/symbolic-shape';
import type { Initializer } from '../initializers/initializer';
import type { Regularizer } from '../regularizers/regularizer';
import {
  initializerField,
  integerField,
  nullOnlyField,
  numberField,
  omittedAtDefault,
  optionalNumberField,
  regularizerField,
} from './fields';
import { layerFactory } from './layer-factory';
import { type InitializerArg, knownDim, type RegularizerArg, who } from './layer-utils';

/** Element-wise layers: the output has the input's shape. */
abstract class ElementwiseLayer<A extends LayerArgs = LayerArgs> extends Layer<A> {
  computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape];
  }
}

/** `leakyReLU()` settings. */
export interface LeakyReLUArgs extends LayerArgs {
  /** The slope below zero; default 0.3 (as Keras and TF.js). */
  alpha?: number;
}

const LEAKY_RELU_FIELDS = {
  // Keras 3 calls it negative_slope.
  alpha: { ...numberField(0.3, { min: 0 }), aliases: ['negativeSlope'] },
} satisfies FieldsOf<LeakyReLUArgs>;

/**
 * x above zero, `alpha`·x below.
 *
 * ```ts
 * leakyReLU({ alpha: 0.1 });
 * ```
 */
export class LeakyReLU extends ElementwiseLayer<LeakyReLUArgs> {
  static override readonly className = 'LeakyReLU';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = LEAKY_RELU_FIELDS;
  declare readonly alpha: number;

  protected call(input: Tensor): Tensor {
    return leakyRelu(input, this.alpha);
  }
}

/** Leaky ReLU as a layer (`LeakyReLU`). */
export const leakyReLU = layerFactory('leakyReLU', LeakyReLU);

/** `elu()` settings. */
export interface ELUArgs extends LayerArgs {
  /** The scale of the negative part, alpha·(eˣ - 1); default 1. */
  alpha?: number;
}

const ELU_FIELDS = { alpha: numberField(1, { min: 0 }) } satisfies FieldsOf<ELUArgs>;

/**
 * x above zero, `alpha`·(eˣ - 1) below.
 *
 * ```ts
 * elu({ alpha: 0.5 });
 * ```
 */
export class ELU extends ElementwiseLayer<ELUArgs> {
  static override readonly className = 'ELU';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = ELU_FIELDS;
  declare readonly alpha: number;

  protected call(input: Tensor): Tensor {
    if (this.alpha === 1) return ops.elu(input);
    // elu(x) - relu(x) is eˣ - 1 below zero and 0 above: scale only that part.
    return tidy(() => {
      const positive = relu(input);
      return add(positive, mul(sub(ops.elu(input), positive), this.alpha));
    });
  }
}

/** ELU as a layer (`ELU`). */
export const elu = layerFactory('elu', ELU);

/** `reLU()` settings, as Keras names them (TF.js has `maxValue` only). */
export interface ReLUArgs extends LayerArgs {
  /** The cap on the output; default none. */
  maxValue?: number | null;
  /** The slope below `threshold`; default 0. */
  negativeSlope?: number;
  /** Where the output starts to follow x; default 0. */
  threshold?: number;
}

const RELU_FIELDS = {
  maxValue: omittedAtDefault(optionalNumberField({ min: 0 }), null),
  negativeSlope: omittedAtDefault(numberField(0, { min: 0 }), 0),
  threshold: omittedAtDefault(numberField(0), 0),
} satisfies FieldsOf<ReLUArgs>;

/**
 * Rectified linear unit with Keras' options: x from `threshold` up (capped at `maxValue`),
 * `negativeSlope`·(x - threshold) below it.
 *
 * ```ts
 * reLU({ maxValue: 6 }); // ReLU6
 * ```
 */
export class ReLU extends ElementwiseLayer<ReLUArgs> {
  static override readonly className = 'ReLU';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = RELU_FIELDS;
  declare readonly maxValue: number | null;
  declare readonly negativeSlope: number;
  declare readonly threshold: number;

  protected call(input: Tensor): Tensor {
    return tidy(() => {
      let out: Tensor;
      if (this.threshold === 0 && this.negativeSlope === 0) {
        out = relu(input);
      } else {
        // A constant mask picks the branch, so the gradient is 1 above the threshold and the
        // slope below it.
        const above = cast(greaterEqual(input, this.threshold), 'float32');
        const below = sub(1, above);
        const shifted = sub(input, this.threshold);
        out = add(mul(input, above), mul(mul(shifted, below), this.negativeSlope));
      }
      return this.maxValue === null ? out : minimum(out, this.maxValue);
    });
  }
}

/** ReLU with a cap, a threshold and a slope (`ReLU`). */
export const reLU = layerFactory('reLU', ReLU);

/** `softmax()` settings. */
export interface SoftmaxArgs extends LayerArgs {
  /** The axis normalized; default -1 (the last, as Keras; TF.js defaults to 1). */
  axis?: number;
}

const SOFTMAX_FIELDS = { axis: integerField(-1) } satisfies FieldsOf<SoftmaxArgs>;

/**
 * Softmax along `axis`, as a layer.
 *
 * ```ts
 * softmax({ axis: -1 });
 * ```
 */
export class Softmax extends ElementwiseLayer<SoftmaxArgs> {
  static override readonly className = 'Softmax';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = SOFTMAX_FIELDS;
  declare readonly axis: number;

  override build(inputShape: SymbolicShape): void {
    if (this.axis < -inputShape.length || this.axis >= inputShape.length) {
      throw new ValueError(
        `${who(this)}: axis ${this.axis} is outside the input's axes (rank ${inputShape.length}, batch first)`,
      );
    }
    super.build(inputShape);
  }

  protected call(input: Tensor): Tensor {
    return ops.softmax(input, this.axis);
  }
}

/** Softmax along an axis, as a layer (`Softmax`). */
export const softmax = layerFactory('softmax', Softmax);

/** `prelu()` settings. */
export interface PReLUArgs extends LayerArgs {
  /** The slopes' initial values; default 'zeros' (a plain ReLU to start). */
  alphaInitializer?: InitializerArg;
  alphaRegularizer?: RegularizerArg;
  /**
   * Axes (batch = 0 excluded) along which one slope is shared: for NHWC images, `[1, 2]` gives one
   * slope per channel. Default: one slope per input element.
   */
  sharedAxes?: number | number[] | null;
}

const sharedAxesField = (): Field<number[] | null> => ({
  read: (v, owner, key) => {
    if (v === undefined || v === null) return null;
    const axes = typeof v === 'number' ? [v] : v;
    if (
      !Array.isArray(axes) ||
      !axes.every((a) => typeof a === 'number' && Number.isInteger(a) && a >= 1)
    ) {
      throw new ValueError(
        `${owner}: ${key} must be an axis >= 1 or an array of them (batch is axis 0), got ${JSON.stringify(v)}`,
      );
    }
    return [...axes];
  },
});

const PRELU_FIELDS = {
  alphaInitializer: initializerField('zeros'),
  alphaRegularizer: regularizerField(),
  alphaConstraint: nullOnlyField(),
  sharedAxes: sharedAxesField(),
} satisfies FieldsOf<PReLUArgs>;

/**
 * Leaky ReLU whose slopes below zero are weights that train (He et al. 2015): x above zero,
 * alpha·x below, with `alpha` shaped as the input (less `sharedAxes`).
 *
 * ```ts
 * prelu({ sharedAxes: [1, 2] }); // one slope per channel of NHWC images
 * ```
 */
export class PReLU extends ElementwiseLayer<PReLUArgs> {
  static override readonly className = 'PReLU';
  /** Its config fields (see engine/config-schema.ts). */
  static readonly fields = PRELU_FIELDS;
  declare readonly alphaInitializer: Initializer;
  declare readonly alphaRegularizer: Regularizer | undefined;
  declare readonly sharedAxes: number[] | null;
  /** The slopes; set by `build`. */
  alpha?: Variable;

  override build(inputShape: SymbolicShape): void {
    const owner = who(this);
    const shape = inputShape
      .slice(1)
      .map((_, i) =>
        this.sharedAxes?.includes(i + 1) ? 1 : knownDim(owner, inputShape, i + 1, 'unshared axis'),
      );
    const outside = this.sharedAxes?.find((a) => a >= inputShape.length);
    if (outside !== undefined) {
      throw new ValueError(
        `${owner}: sharedAxes [${this.sharedAxes!.join(', ')}] names axis ${outside}: the input has rank ${inputShape.length}`,
      );
    }
    this.alpha = this.addWeight('alpha', shape, this.alphaInitializer, {
      regularizer: this.alphaRegularizer,
    });
    super.build(inputShape);
  }

  protected call(input: Tensor): Tensor {
    // relu(x) - alpha·relu(-x): x above zero, alpha·x below.
    return tidy(() => sub(relu(input), mul(this.alpha!, relu(neg(input)))));
  }
}

/** ReLU with trained slopes below zero (`PReLU`). */
export const prelu = layerFactory('prelu', PReLU);
